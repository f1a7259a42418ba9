""" "Send me a test" in the editor (#4 point 9): the live version, the author in every role."""

import datetime as dt
import json
import uuid

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.accounts.service import create_api_key
from runtime.tables import Envelope, Recipient
from tests.integration.conftest import Org, demo_definition, import_template
from tests.integration.designer.conftest import Author, sign_in


async def test_a_test_envelope_goes_to_the_author(client: AsyncTestClient, author: Author) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    definition = demo_definition()
    definition["roles"][0]["name"] = "Finance controller"  # its key stays `customer`
    template = await import_template(client, org, definition)
    token = await sign_in(client, author)
    await client.get("/designer/templates")  # the library adopts the API's template
    row = await Draft.select(Draft.id).where(Draft.template == uuid.UUID(template["id"])).first()
    base = f"/designer/templates/{row['id']}"

    versions = await client.get(f"{base}/versions")  # the editor's Versions tab
    assert f'action="{base}/send-test"' in versions.text and "Send me a test" in versions.text
    refused = await client.post(f"{base}/send-test")
    assert refused.status_code == 403  # CSRF
    sent = await client.post(f"{base}/send-test", data={"_csrf_token": token})
    assert sent.status_code == 303
    envelope_id = sent.headers["location"].split("/")[-1].split("?")[0]
    people = await Recipient.select(Recipient.email, Recipient.name).where(
        Recipient.envelope == uuid.UUID(envelope_id)
    )
    assert people and {p["email"] for p in people} == {author.email}
    # named after the role as written ("(test: customer)" showed the key in the mails)
    assert all(p["name"].endswith(" (test: Finance controller)") for p in people)
    stored = await Envelope.select(Envelope.status, Envelope.sender_email).where(
        Envelope.id == uuid.UUID(envelope_id)
    )
    assert stored[0]["status"] == "sent" and stored[0]["sender_email"] == author.email
    page = await client.get(sent.headers["location"])
    assert page.status_code == 200 and "Sent." in page.text


async def test_an_unpublished_draft_cannot_be_test_sent(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    created = await client.post(
        "/designer/templates", data={"_csrf_token": token, "name": "Not yet"}
    )
    base = created.headers["location"].rsplit("/", 1)[0]
    assert "Send me a test" not in (await client.get(f"{base}/versions")).text
    answer = await client.post(f"{base}/send-test", data={"_csrf_token": token})
    assert answer.status_code == 409 and "Publish the template first" in answer.text


async def test_what_the_sender_fills_in_is_filled_with_a_sample(
    client: AsyncTestClient, author: Author
) -> None:
    """Fields prefilled "by the sender or the API" were left empty in a test, so the tester
    typed what a sender would have given: now they hold the preview's sample (the author's
    address in an email field), and a value no sample fits stays for the tester."""
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    definition = demo_definition()
    for f in definition["sections"][0]["fields"]:
        if f["key"] in ("company", "start_date", "email"):
            f["prefill"] = {"source": "api", "lock": f["key"] == "company"}
    definition["sections"][0]["fields"].append(
        {"key": "seats", "component": "number", "label": "Seats", "prefill": {"source": "api"}}
    )
    template = await import_template(client, org, definition)
    token = await sign_in(client, author)
    await client.get("/designer/templates")
    row = await Draft.select(Draft.id).where(Draft.template == uuid.UUID(template["id"])).first()
    sent = await client.post(
        f"/designer/templates/{row['id']}/send-test", data={"_csrf_token": token}
    )
    assert sent.status_code == 303, sent.text
    envelope_id = uuid.UUID(sent.headers["location"].split("/")[-1].split("?")[0])
    stored = await Envelope.select(Envelope.prefill).where(Envelope.id == envelope_id)
    prefill = stored[0]["prefill"]
    prefill = json.loads(prefill) if isinstance(prefill, str) else prefill
    assert prefill["email"] == author.email
    assert prefill["company"] == "[Company name (optional)]"  # its label, as in Preview
    assert prefill["start_date"] == dt.date.today().isoformat()
    assert "seats" not in prefill
