"""The confirmation page says the sealed PDF will also come by email (as the consent page
promised) to a recipient who has an address, and promises no mail to one without (an
embedded or API recipient given no email: runtime/mail/jobs.py mails only addresses): in
every state of the seal, and in the default consent text. SQLite and PostgreSQL."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from piccolo.columns import Column

from runtime.clock import utcnow
from runtime.jobs.seal import seal_job_key
from runtime.settings import Settings
from runtime.tables import Job, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
)
from tests.integration.helpers import APPROVED, TYPED

PROMISE = "You will also receive the sealed PDF by email."
KEEP = "Keep this page's address: the sealed PDF will be here when it is ready."
#: how each state is reached from a queued seal job, and its heading
STATES: dict[str, tuple[dict[Column | str, Any], str]] = {
    "slow": ({Job.run_after: utcnow() - timedelta(minutes=5)}, "taking longer than usual"),
    "retrying": ({Job.last_error: "timestamp service down"}, "taking longer than usual"),
    "failed": ({Job.status: "failed", Job.last_error: "gave up"}, "Your sealed PDF is delayed"),
}


async def test_the_done_page_promises_the_mail_only_to_someone_with_an_address(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    for email in ("alex@example.com", ""):  # sealed, it says so too (test_signer_seal_failure)
        envelope = await create_envelope(
            client,
            org,
            template["id"],
            recipients=[{"role": "customer", "name": "Alex Example", "email": email}],
        )
        link = path_of(envelope["recipients"][0]["signing_url"])
        await fill_demo(client, link)
        sealing = (await client.get(f"{link}/done")).text
        assert "We are sealing your document" in sealing and (PROMISE in sealing) == bool(email)


async def test_waiting_for_others_without_an_address_promises_the_download_alone(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, APPROVED)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Cara", "email": ""},
            {"role": "guarantor", "name": "Gil", "email": "gil@example.com"},
            {"role": "manager", "name": "Max", "email": "max@example.com"},
        ],
        prefill={},
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    token = csrf_from((await open_link(client, link)).text)
    await client.post(f"{link}/step/1", data={"_csrf_token": token, **TYPED["customer"]})
    assert (await client.post(f"{link}/finish", data={"_csrf_token": token})).status_code == 303
    waiting = (await client.get(f"{link}/done")).text
    assert "Waiting for the other parties" in waiting and "email you" not in waiting
    assert "You can then download the sealed PDF from this link." in waiting


async def _finished(client: AsyncTestClient, org: Org, email: str) -> tuple[str, uuid.UUID]:
    """The only signer's link and envelope once they have finished (the seal job queued)."""
    template = await import_template(client, org)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Alex Example", "email": email}],
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    return link, uuid.UUID(envelope["id"])


@pytest.mark.parametrize("state", sorted(STATES))
async def test_a_late_seal_promises_the_mail_only_to_someone_with_an_address(
    client: AsyncTestClient, org: Org, state: str
) -> None:
    change, heading = STATES[state]
    for email in ("alex@example.com", ""):
        link, envelope_id = await _finished(client, org, email)
        await Job.update(change).where(Job.dedupe_key == seal_job_key(envelope_id))
        page = (await client.get(f"{link}/done")).text
        assert f'data-seal-state="{state}"' in page and heading in page
        if email:
            assert "email you the sealed PDF" in page and KEEP not in page
        else:
            assert "email" not in page.lower() and KEEP in page
            # in the signer's language too
            await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/done"})
            french = (await client.get(f"{link}/done")).text
            assert "Conservez l’adresse de cette page" in french and "e-mail" not in french


async def test_the_default_consent_promises_the_mail_only_to_someone_with_an_address(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    for email in ("alex@example.com", ""):
        envelope = await create_envelope(
            client,
            org,
            template["id"],
            recipients=[{"role": "customer", "name": "Alex Example", "email": email}],
        )
        link = path_of(envelope["recipients"][0]["signing_url"])
        page = (await client.get(f"{link}/consent")).text
        assert ("You will receive the sealed PDF by email" in page) == bool(email)
        assert ("download the sealed PDF from your link once everyone has signed" in page) != bool(
            email
        )


async def test_once_the_sealed_pdf_is_mailed_the_page_says_it_was_sent(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Sealed, the page promised the mail ("You will also receive") even after it had gone:
    it says it was sent once this recipient's "completed" mail job is done."""
    link, envelope_id = await _finished(client, org, "alex@example.com")
    await run_jobs(settings)  # the seal, then the mails
    page = (await client.get(f"{link}/done")).text
    assert 'data-seal-state="sealed"' in page
    assert "We have also sent you the sealed PDF by email." in page and PROMISE not in page
    # not yet gone (queued behind others, or a mail server down): still the promise
    recipient = await Recipient.select(Recipient.id).where(Recipient.envelope == envelope_id)
    mail = Job.dedupe_key == f"completed:{recipient[0]['id']}"
    await Job.update({Job.status: "queued"}).where(mail)
    page = (await client.get(f"{link}/done")).text
    assert PROMISE in page and "We have also sent you" not in page
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/done"})
    await Job.update({Job.status: "done"}).where(mail)
    assert "envoyé" in (await client.get(f"{link}/done")).text
