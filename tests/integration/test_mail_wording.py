"""Mails read as their recipient reads them: a greeting without a name is "Hello,", the
sender (who has no signing link) gets a link that works, the one who declined is told in
their own words, and voiding an envelope tells the people in it why."""

from dataclasses import replace

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.tables import Recipient
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    csrf_from,
    demo_definition,
    fill_demo,
    import_template,
    open_link,
    run_jobs,
)

SENDER = "owner@example.com"
SIGNER = "alex@example.com"


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _text(message) -> str:
    """The plain-text part with SMTP's CRLF line ends read as LF."""
    return Mailbox.text(message).replace("\r\n", "\n")


def _one(mailbox: Mailbox, address: str, subject_start: str):
    found = [m for m in mailbox.to(address) if str(m["Subject"]).startswith(subject_start)]
    assert len(found) == 1, [str(m["Subject"]) for m in mailbox.to(address)]
    return found[0]


async def _decline(client: AsyncTestClient, link: str, reason: str) -> None:
    await open_link(client, link)
    form = await client.get(f"{link}/decline")
    declined = await client.post(
        f"{link}/decline", data={"_csrf_token": csrf_from(form.text), "reason": reason}
    )
    assert declined.status_code == 303, declined.text


async def test_declined_mails_greet_the_sender_without_a_blank_name(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"], sender_email=SENDER)
    await run_jobs(mail_settings)
    await _decline(mail_client, mailbox.link_for(SIGNER), "The start date is wrong.")
    await run_jobs(mail_settings)

    to_sender = _one(mailbox, SENDER, "Declined")
    text = _text(to_sender)
    assert text.startswith("Hello,\n") and "Hello ," not in text
    assert "<p>Hello,</p>" in _html(to_sender) and "Hello ," not in _html(to_sender)
    assert 'Alex Example (Customer) declined "' in text
    assert "Their reason:\nThe start date is wrong." in text
    # what to do next: the envelope's page, which the sender reaches by signing in
    page = f"{mail_settings.base_url.rstrip('/')}/designer/envelopes/{envelope['id']}"
    assert f"Open the envelope in formseal:\n{page}\n" in text
    assert f'href="{page}"' in _html(to_sender)

    to_signer = _text(_one(mailbox, SIGNER, "Declined"))
    assert to_signer.startswith("Hello Alex Example,\n")
    assert 'You declined "' in to_signer and "Your reason:\nThe start date is wrong." in to_signer
    assert "Alex Example (Customer)" not in to_signer and "/designer/" not in to_signer


async def test_a_recipient_without_a_name_is_named_by_role_when_they_decline(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    definition = {**demo_definition(), "language": "vi"}
    template = await import_template(mail_client, org, definition)
    envelope = await create_envelope(mail_client, org, template["id"], sender_email=SENDER)
    await run_jobs(mail_settings)
    # the API asks for a name; a recipient can still have none (a purge clears it)
    await Recipient.update({Recipient.name: ""}).where(Recipient.envelope == envelope["id"])
    await _decline(mail_client, mailbox.link_for(SIGNER), "Không.")
    await run_jobs(mail_settings)
    to_sender = _one(mailbox, SENDER, "")
    text, html = _text(to_sender), _html(to_sender)
    assert "Bên Customer đã từ chối" in text and "Bên Customer đã từ chối" in html
    assert " (Customer)" not in text and "(Customer)" not in html


async def test_the_greeting_without_a_name_is_translated(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    definition = {**demo_definition(), "language": "fr"}
    template = await import_template(mail_client, org, definition)
    await create_envelope(mail_client, org, template["id"], sender_email=SENDER)
    await run_jobs(mail_settings)
    await _decline(mail_client, mailbox.link_for(SIGNER), "Non.")
    await run_jobs(mail_settings)
    text = _text(_one(mailbox, SENDER, "Refusé"))
    assert text.startswith("Bonjour,\n") and "Bonjour ," not in text
    assert "Ouvrir l'enveloppe dans formseal\u00a0:" in text


async def test_voiding_tells_the_signer_and_the_sender_why(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"], sender_email=SENDER)
    await run_jobs(mail_settings)
    voided = await mail_client.post(
        f"/api/v1/envelopes/{envelope['id']}/void",
        headers=org.auth,
        json={"reason": "Sent to the wrong customer.\nA new one follows."},
    )
    assert voided.status_code == 200, voided.text
    await run_jobs(mail_settings)

    to_signer = _one(mailbox, SIGNER, "Voided: ")
    text = _text(to_signer)
    assert text.startswith("Hello Alex Example,\n")
    assert "voided" in text and "so it can no longer be signed." in text
    assert "Their reason:\nSent to the wrong customer.\nA new one follows." in text
    assert "There is nothing more for you to do." in text
    assert "Sent to the wrong customer." in _html(to_signer)
    assert _text(_one(mailbox, SENDER, "Voided: ")).startswith("Hello,\n")


async def test_the_sender_gets_a_download_link_when_the_pdf_is_not_attached(
    org: Org, settings: Settings, mailbox: Mailbox
) -> None:
    from tests.integration.conftest import app_client, cancel_jobs_of_earlier_tests

    small = replace(settings, smtp_host="127.0.0.1", smtp_port=mailbox.port)
    small = replace(small, mail_attach_max_bytes=1)  # every sealed PDF is "too large"
    async with app_client(small) as client:
        await cancel_jobs_of_earlier_tests()
        template = await import_template(client, org)
        envelope = await create_envelope(client, org, template["id"], sender_email=SENDER)
        await run_jobs(small)
        await fill_demo(client, mailbox.link_for(SIGNER))
        await run_jobs(small)
    text = _text(_one(mailbox, SENDER, "Completed"))
    assert text.startswith("Hello,\n")
    download = f"{small.base_url.rstrip('/')}/designer/envelopes/{envelope['id']}/sealed.pdf"
    assert f"Download the sealed PDF here:\n{download}\n" in text
    assert f'href="{download}"' in _html(_one(mailbox, SENDER, "Completed"))
