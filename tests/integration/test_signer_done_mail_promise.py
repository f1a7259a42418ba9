"""The confirmation page says the sealed PDF will also come by email (as the consent page
promised) to a recipient who has an address, and promises no mail to one without (an
embedded or API recipient given no email: runtime/mail/jobs.py mails only addresses)."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    open_link,
    path_of,
)
from tests.integration.test_signer_approver_review import APPROVED, TYPED

PROMISE = "You will also receive the sealed PDF by email."


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
