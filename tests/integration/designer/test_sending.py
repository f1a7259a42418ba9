"""Sender screens: send from a template, follow the envelope, remind, void; the outbox."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import run_jobs
from tests.integration.designer.conftest import Author, make_author, sign_in
from tests.integration.designer.sending_helpers import _template


async def test_send_follow_remind_void(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    listing = await client.get("/designer/envelopes")
    assert listing.status_code == 200 and "Service agreement (version 1)" in listing.text
    form = await client.get(f"/designer/envelopes/new?template_id={template_id}")
    assert "Send “Service agreement”" in form.text and 'name="customer.email"' in form.text
    # a short label, as the three reminder boxes beside it; "optional" is said under the box
    assert (
        '<label class="label label--small" for="expires">Expires after (days)</label>' in form.text
    )
    assert 'aria-describedby="expires-hint"' in form.text and "left empty, it never" in form.text

    bad = await client.post(
        f"/designer/envelopes/new?template_id={template_id}",
        data={"_csrf_token": token, "customer.name": "", "customer.email": "nope"},
    )
    assert bad.status_code == 422 and "There is a problem" in bad.text
    assert await Envelope.count().where(Envelope.organisation == author.organisation_id) == 0

    sent = await client.post(
        f"/designer/envelopes/new?template_id={template_id}",
        data={
            "_csrf_token": token,
            "customer.name": "Ola Nordmann",
            "customer.email": "ola@example.com",
            "prefill.email": "ola@example.com",
            "message": "Hei Ola",
            "expires_in_days": "10",
            "reminder_first": "1",
            "reminder_every": "2",
            "reminder_max": "3",
        },
    )
    assert sent.status_code == 303, sent.text
    page = await client.get(sent.headers["location"])
    assert "Sent. Each person gets an email" in page.text and "Ola Nordmann" in page.text
    # the people table names the role as the author did ("Customer"), not by its key
    assert '<td data-label="Role">Customer<div class="hint">signs</div></td>' in page.text
    assert "/s/" not in page.text  # senders never see signing links
    envelope_id = sent.headers["location"].split("/")[3].split("?")[0]
    row = (
        await Envelope.select()
        .where(Envelope.id == uuid.UUID(envelope_id))
        .output(load_json=True)
        .first()
    )
    assert (
        row["message"] == "Hei Ola"
        and row["reminder_max"] == 3
        and row["sender_email"] == author.email
    )

    await run_jobs(settings)
    reminded = await client.post(
        f"/designer/envelopes/{envelope_id}/remind", data={"_csrf_token": token}
    )
    assert reminded.status_code == 303
    page = await client.get(f"/designer/envelopes/{envelope_id}")
    assert "Reminder sent by a sender" in page.text and "Invited" in page.text

    empty = await client.post(
        f"/designer/envelopes/{envelope_id}/void", data={"_csrf_token": token, "reason": ""}
    )
    assert empty.status_code == 409 and "Enter a reason" in empty.text
    voided = await client.post(
        f"/designer/envelopes/{envelope_id}/void",
        data={"_csrf_token": token, "reason": "Wrong person"},
    )
    assert voided.status_code == 303
    page = await client.get(f"/designer/envelopes/{envelope_id}")
    assert "Voided" in page.text and "Wrong person" in page.text

    outbox = await client.get("/designer/outbox")
    assert outbox.status_code == 200 and "ola@example.com" in outbox.text


async def test_other_organisations_envelopes_are_404(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    template_id = await _template(client, author)
    token = await sign_in(client, author)
    sent = await client.post(
        f"/designer/envelopes/new?template_id={template_id}",
        data={"_csrf_token": token, "customer.name": "A", "customer.email": "a@example.com"},
    )
    envelope_id = sent.headers["location"].split("/")[3].split("?")[0]
    await run_jobs(settings)  # the invitation is written to var/outbox/
    outbox = await client.get("/designer/outbox")
    assert "a@example.com" in outbox.text
    intruder = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": token})
    await sign_in(client, intruder)
    assert (await client.get(f"/designer/envelopes/{envelope_id}")).status_code == 404
    assert (
        await client.get(f"/designer/envelopes/new?template_id={template_id}")
    ).status_code == 404
    assert (await client.get(f"/designer/envelopes/{envelope_id}/sealed.pdf")).status_code == 404
    listing = await client.get("/designer/envelopes")
    assert envelope_id not in listing.text
    # the outbox folder holds every organisation's mails; the screen lists one's own
    outbox = await client.get("/designer/outbox")
    assert outbox.status_code == 200 and "a@example.com" not in outbox.text
