"""The send form's expiry and reminder boxes are checked with the rest of the form. A typo in
'Expires after' was the only problem listed (a wrong email and a refused value waited for
the next Send), linked to nothing and said beside no box; '0' days was taken; and a sender's
value was named twice ("Fee: Fee must be a number")."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import Envelope
from tests.integration.designer.conftest import Author, sign_in


def _fee_form() -> dict:
    return {
        "name": "Fee letter",
        "language": "en",
        "roles": [{"key": "client", "name": "Client", "kind": "signer"}],
        "sections": [
            {
                "key": "terms",
                "title": "Terms",
                "role": "client",
                "fields": [
                    {
                        "key": "fee",
                        "component": "number",
                        "label": "Fee",
                        "prefill": {"source": "api"},
                    },
                    {
                        "key": "start",
                        "component": "date",
                        "label": "Start date",
                        "prefill": {"source": "api"},
                    },
                    {"key": "sig", "component": "signature", "label": "Signature"},
                ],
            }
        ],
        "document": [{"kind": "signature", "role": "client", "field": "sig"}],
    }


def _summary(html: str) -> str:
    return html.split('class="error-summary__list">')[1].split("</ul>")[0]


async def test_timing_boxes_are_checked_with_the_rest_and_said_beside_them(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    key = await create_api_key(author.organisation_id, "t")
    made = await client.post(
        "/api/v1/templates", json=_fee_form(), headers={"Authorization": f"Bearer {key}"}
    )
    assert made.status_code == 201, made.text
    url = f"/designer/envelopes/new?template_id={made.json()['id']}"
    form = {
        "_csrf_token": token,
        "client.name": "Cat Client",
        "client.email": "cat@example",
        "prefill.fee": "abc",
        "expires_in_days": "x",
        "reminder_first": "0",
        "reminder_every": "3",
        "reminder_max": "99",
    }
    bad = await client.post(url, data=form)
    assert bad.status_code == 422
    assert _summary(bad.text) == (
        '<li><a href="#client-email">Enter an email address for Client in the correct '
        "format, like name@example.com</a></li>"
        '<li><a href="#prefill-fee">Fee must be a number, like 1250 or 12.5</a></li>'
        '<li><a href="#expires">“Expires after” must be a whole number of days from 1 to '
        "365, or left empty.</a></li>"
        '<li><a href="#r-first">“First reminder after” must be a whole number of days from 1 '
        "to 365.</a></li>"
        '<li><a href="#r-max">“At most” must be a whole number of reminders from 0 to 20.</a>'
        "</li>"
    )
    assert 'id="expires-error"><span class="visually-hidden">Error:</span> “Expires' in bad.text
    assert 'aria-describedby="expires-error expires-hint"' in bad.text
    assert 'id="r-max" name="reminder_max" inputmode="numeric" value="99"' in bad.text  # kept

    zero = await client.post(
        url,
        data={
            **form,
            "client.email": "cat@example.com",
            "prefill.fee": "12",
            "expires_in_days": "0",
            "reminder_first": "2",
            "reminder_max": "5",
        },
    )
    assert zero.status_code == 422
    assert _summary(zero.text).count("<li>") == 1 and 'href="#expires"' in zero.text
    assert await Envelope.count().where(Envelope.organisation == author.organisation_id) == 0


async def test_a_date_the_sender_fills_in_is_a_date_box(
    client: AsyncTestClient, author: Author
) -> None:
    """A plain text box took '31/12/2026' and read '03/04/2026' as 3 April without a word,
    and refused '12/31/2026' as not 'in the form YYYY-MM-DD': the browser's date box says
    which day it is and sends 2026-12-31."""
    await sign_in(client, author)
    key = await create_api_key(author.organisation_id, "t")
    made = await client.post(
        "/api/v1/templates", json=_fee_form(), headers={"Authorization": f"Bearer {key}"}
    )
    form = (await client.get(f"/designer/envelopes/new?template_id={made.json()['id']}")).text
    assert 'id="prefill-start" name="prefill.start" type="date"' in form
    assert 'id="prefill-fee" name="prefill.fee" inputmode="decimal"' in form
