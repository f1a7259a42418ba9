"""Sender screens with three people in turn: the send form's errors, following who is next,
correcting a mistyped address."""

import json
import re
import uuid

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.tables import Envelope, Recipient
from tests.integration.conftest import csrf_from, open_link, path_of, run_jobs
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.sending_helpers import _sign, in_turn


async def import_in_turn(client: AsyncTestClient, author: Author) -> str:
    key = await create_api_key(author.organisation_id, "t")
    response = await client.post(
        "/api/v1/templates",
        content=json.dumps(in_turn()).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_send_form_and_bulk_name_each_problem_where_it_is(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    template_id = await import_in_turn(client, author)
    empty = (await client.get("/designer/envelopes")).text
    assert "No envelopes yet. Choose a template above" in empty
    filtered = (await client.get("/designer/envelopes?status=declined")).text
    assert "No envelopes match these filters." in filtered
    bad = await client.post(
        f"/designer/envelopes/new?template_id={template_id}",
        data={
            "_csrf_token": token,
            "legal.name": "Lena Legal",
            "legal.email": "lena@example",
            "finance.name": "",
            "finance.email": "fin@example.com",
            "ceo.name": "Cee Oh",
            "ceo.email": "",  # would never be invited: the form mails every link
        },
    )
    assert bad.status_code == 422
    # in the summary, in the order of the form, each a link to its input
    summary = bad.text.split('class="error-summary__list">')[1].split("</ul>")[0]
    assert summary == (
        '<li><a href="#legal-email">Enter an email address for Legal in the correct format, '
        "like name@example.com</a></li>"
        '<li><a href="#finance-name">Enter a full name for Finance</a></li>'
        '<li><a href="#ceo-email">Enter an email address for CEO: their link is mailed '
        "there</a></li>"
    )
    assert "recipients[" not in bad.text and "must not be empty" not in bad.text
    # and again beside the input, which says it is invalid
    assert 'id="ceo-email-error"><span class="visually-hidden">Error:</span> Enter an' in bad.text
    assert 'aria-invalid="true" aria-describedby="ceo-email-error"' in bad.text
    assert 'value="Cee Oh"' in bad.text  # what was typed stays
    assert await Envelope.count().where(Envelope.organisation == author.organisation_id) == 0

    # the same people from a spreadsheet: each row's problems, nothing half-sent
    await bulk_rows_with_an_empty_email_are_not_sent(client, token, template_id)


BULK = (
    "Legal name,Legal email,Finance name,Finance email,CEO name,CEO email\n"
    "Ann One,ann@example.com,Bob One,bob@example.com,Cat One,cat@example.com\n"
    "Ann Two,ann2@example,Bob Two,bob2@example.com,Cat Two,cat2@example.com\n"
    ",ann3@example.com,Bob Three,bob3@example.com,Cat Three,cat3@example.com\n"
    "Ann Four,ann4@example.com,Bob Four,bob4@example.com,Cat Four,\n"
)


async def bulk_rows_with_an_empty_email_are_not_sent(
    client: AsyncTestClient, token: str, template_id: str
) -> None:
    uploaded = await client.post(
        f"/designer/bulk-sends/new?template_id={template_id}",
        files={"file": ("people.csv", BULK.encode(), "text/csv")},
        data={"_csrf_token": token},
    )
    assert uploaded.status_code == 303, uploaded.text
    check = (await client.get(uploaded.headers["location"])).text
    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", check)
    assert errors == [
        (
            "3",
            "Legal email",
            "“ann2@example” is not an email address: write it like name@example.com",
        ),
        ("4", "Legal name", "Empty: enter a full name for Legal"),
        ("5", "CEO email", "Empty: enter an email address for CEO (their link is mailed there)"),
    ]
    # the row whose CEO has no email would have been created with a CEO nobody invites
    assert "Send 1 envelope" in check and "&lt;&gt;" not in check


async def test_the_envelope_page_says_who_signed_whose_turn_it_is_and_who_waits(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    await sign_in(client, author)
    template_id = await import_in_turn(client, author)
    key = await create_api_key(author.organisation_id, "t2")
    created = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template_id,
            "recipients": [
                {"role": "legal", "name": "Lena Legal", "email": "lena@example.com"},
                {"role": "finance", "name": "Fin Ance", "email": "fin@example.com"},
                {"role": "ceo", "name": "Cee Oh", "email": "ceo@example.com"},
            ],
            "expires_in_days": 14,
        },
        headers={"Authorization": f"Bearer {key}"},
    )
    assert created.status_code == 201, created.text
    envelope = created.json()
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    await run_jobs(settings)  # the first invitation goes out

    page = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert re.search(r"· expires 20\d\d-\d\d-\d\d \d\d:\d\d UTC", page)
    assert "<strong>Waiting for</strong> Lena Legal (Legal)." in page
    assert "<strong>Next:</strong> Fin Ance (Finance), invited once that person finishes." in page
    assert ">Invited, not opened yet</span>" in page
    assert re.search(r"Invitation mailed 20\d\d-\d\d-\d\d \d\d:\d\d UTC", page)
    assert ">Not invited yet</span>" in page
    assert "Invited once Legal and Finance have finished" in page

    await _sign(client, links["legal"], "legal", "Lena Legal")
    page = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert ">Signed</span>" in page
    assert "<strong>Waiting for</strong> Fin Ance (Finance)." in page
    assert "Invited once Finance has finished" in page
    listing = (await client.get("/designer/envelopes")).text  # who, at a glance
    assert 'Lena Legal <span class="hint">— done</span>' in listing
    assert 'Fin Ance <span class="hint">— invited</span>' in listing
    assert 'Cee Oh <span class="hint">— not invited yet</span>' in listing
    # the timeline reads as words, and names roles as the author did
    assert (
        "Agreed to sign electronically</strong> — Lena Legal &lt;lena@example.com&gt; (Legal)"
        in page
    )
    assert "recipient.consent_given" not in page and "(legal)" not in page

    await open_link(client, links["finance"])
    token = csrf_from((await client.get(links["finance"], follow_redirects=True)).text)
    declined = await client.post(
        f"{links['finance']}/decline", data={"_csrf_token": token, "reason": "Wrong fee."}
    )
    assert declined.status_code == 303, declined.text
    page = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert re.search(
        r"<strong>Declined by Fin Ance \(Finance\) on [^<]+ UTC\.</strong> Reason: “Wrong fee.”",
        page,
    )
    assert "Did not act: the envelope was declined" in page  # the CEO, never invited
    assert "Waiting for" not in page


async def test_a_mistyped_address_is_corrected_before_the_link_is_opened(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    template_id = await import_in_turn(client, author)
    key = await create_api_key(author.organisation_id, "t2")
    created = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template_id,
            "recipients": [
                {"role": "legal", "name": "Lena Legal", "email": "lena@exmaple.com"},
                {"role": "finance", "name": "Fin Ance", "email": "fin@exmaple.com"},
                {"role": "ceo", "name": "Cee Oh", "email": "ceo@example.com"},
            ],
        },
        headers={"Authorization": f"Bearer {key}"},
    )
    envelope = created.json()
    eid = envelope["id"]
    ids = {r["role"]: r["id"] for r in envelope["recipients"]}
    old_link = path_of(envelope["recipients"][0]["signing_url"])

    def action(role: str) -> str:
        return f"/designer/envelopes/{eid}/recipients/{ids[role]}/email"

    page = (await client.get(f"/designer/envelopes/{eid}")).text
    assert f'action="{action("legal")}"' in page and f'action="{action("finance")}"' in page
    assert "Wrong address?" in page

    # not invited yet: only the address changes; they are invited there in their turn
    fixed = await client.post(
        action("finance"), data={"_csrf_token": token, "email": "fin@example.com"}
    )
    assert fixed.status_code == 303 and fixed.headers["location"].endswith("done=corrected")
    page = (await client.get(fixed.headers["location"])).text
    assert "They are invited there when their turn comes" in page
    assert "Email address corrected</strong> — " + author.email in page
    assert "from fin@exmaple.com to fin@example.com" in page

    # invited: a mistake is named beside the input, nothing changes
    wrong = await client.post(action("legal"), data={"_csrf_token": token, "email": "lena@"})
    assert wrong.status_code == 422
    assert 'id="email-' + ids["legal"] + '-error"' in wrong.text and 'value="lena@"' in wrong.text
    assert "in the correct format, like name@example.com" in wrong.text
    # corrected: a new link goes to the new address, the one mailed before stops working
    fixed = await client.post(
        action("legal"), data={"_csrf_token": token, "email": "lena@example.com"}
    )
    assert fixed.headers["location"].endswith("done=corrected-invited")
    await run_jobs(settings)
    refused = await client.get(old_link, follow_redirects=True)
    assert refused.status_code == 404 and "This signing link is not valid" in refused.text
    page = (await client.get(f"/designer/envelopes/{eid}")).text
    assert "invitation to lena@example.com" in page
    search = await client.get(
        "/api/v1/envelopes/search",
        params={"q": "exmaple"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert search.json()["items"] == []  # found by the right addresses from now on

    # once opened, someone at the wrong address may have read it: void and send again
    api = await client.get(f"/api/v1/envelopes/{eid}", headers={"Authorization": f"Bearer {key}"})
    assert api.json()["recipients"][0]["email"] == "lena@example.com"
    await Recipient.update({Recipient.status: "viewed"}).where(
        Recipient.id == uuid.UUID(ids["legal"])
    )
    opened = await client.post(
        action("legal"), data={"_csrf_token": token, "email": "lena2@example.com"}
    )
    assert opened.status_code == 409 and "void this envelope and send a new one" in opened.text
