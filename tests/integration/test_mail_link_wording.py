"""A link mail says what the recipient did with their link: a reminder to someone who never
opened it asks them to start, not to "continue where you left off", and the mail with a
resent link says the earlier link no longer works."""

from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    import_template,
    open_link,
    run_jobs,
)

SIGNER = "alex@example.com"
CONTINUE = "Open this link to continue where you left off:"
START = "Open this link to start (it is personal: do not forward it):"
RESUME = "Open this link to continue where you left off (it is personal: do not forward it):"
REPLACED = "This link replaces the one we sent you before, which no longer works."


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def _reminders(mailbox: Mailbox) -> list:
    return [m for m in mailbox.to(SIGNER) if str(m["Subject"]).startswith("Reminder")]


async def _remind(settings: Settings, envelope: dict) -> None:
    """Send the next reminder now (its scheduled time has come)."""
    rid = envelope["recipients"][0]["id"]
    await Job.update({Job.run_after: utcnow()}).where(
        (Job.kind == "remind") & (Job.status == "queued") & Job.dedupe_key.like(f"%{rid}%")
    )
    await run_jobs(settings)


async def test_a_reminder_asks_to_start_until_the_link_was_opened(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(
        mail_client,
        org,
        template["id"],
        reminders={"first_after_days": 1, "every_days": 1, "max_count": 2},
    )
    await run_jobs(mail_settings)
    await _remind(mail_settings, envelope)
    unopened = _reminders(mailbox)[-1]
    text = Mailbox.text(unopened).replace("\r\n", "\n")
    assert f"{START}\n{mailbox.link_for(SIGNER)}" in text.replace(mail_settings.base_url, "")
    assert CONTINUE not in text
    assert ">Review and sign<" in _html(unopened) and ">Continue<" not in _html(unopened)

    await open_link(mail_client, mailbox.link_for(SIGNER))
    await _remind(mail_settings, envelope)
    opened = _reminders(mailbox)[-1]
    text = Mailbox.text(opened).replace("\r\n", "\n")
    assert f"{CONTINUE}\n" in text and START not in text
    assert ">Continue<" in _html(opened)


async def test_a_resent_link_says_the_earlier_one_no_longer_works(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"])
    await run_jobs(mail_settings)
    first = mailbox.to(SIGNER)[-1]
    assert REPLACED not in Mailbox.text(first) and REPLACED not in _html(first)
    old_link = mailbox.link_for(SIGNER)

    rid = envelope["recipients"][0]["id"]
    url = f"/api/v1/envelopes/{envelope['id']}/recipients/{rid}/resend"
    assert (await mail_client.post(url, headers=org.auth)).is_success
    await run_jobs(mail_settings)
    resent = mailbox.to(SIGNER)[-1]
    text = Mailbox.text(resent).replace("\r\n", "\n")
    assert f"{REPLACED}\n\n{START}\n" in text
    assert f"<p>{REPLACED}</p>" in _html(resent)
    assert mailbox.link_for(SIGNER) != old_link
    assert (await mail_client.get(old_link)).status_code != 200  # what the sentence promises


async def test_a_resent_link_asks_someone_who_opened_it_to_continue(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    """Their saved answers are kept, yet the new link's mail said 'Open this link to start'
    as a first invitation does; a reminder says 'continue' once the link was opened."""
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"])
    await run_jobs(mail_settings)
    await open_link(mail_client, mailbox.link_for(SIGNER))

    rid = envelope["recipients"][0]["id"]
    url = f"/api/v1/envelopes/{envelope['id']}/recipients/{rid}/resend"
    assert (await mail_client.post(url, headers=org.auth)).is_success
    await run_jobs(mail_settings)
    resent = mailbox.to(SIGNER)[-1]
    text = Mailbox.text(resent).replace("\r\n", "\n")
    assert f"{REPLACED}\n\n{RESUME}\n" in text and START not in text
    assert ">Continue<" in _html(resent) and ">Review and sign<" not in _html(resent)
