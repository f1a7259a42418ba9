"""Reminders on a schedule with a cap, expiry with a warning; time is moved by the jobs' run_after."""

import datetime as dt

import pytest
from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def _due(kind: str, envelope: dict) -> None:
    """Pretend the scheduled time of this envelope's queued `kind` jobs has come."""
    ids = [envelope["id"]] + [r["id"] for r in envelope["recipients"]]
    for key in ids:
        await Job.update({Job.run_after: utcnow()}).where(
            (Job.kind == kind) & (Job.status == "queued") & Job.dedupe_key.like(f"%{key}%")
        )


def subjects(mailbox: Mailbox, address: str) -> list[str]:
    return [m["Subject"] for m in mailbox.to(address)]


async def test_reminders_follow_the_schedule_and_stop_at_the_cap(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(
        mail_client,
        org,
        template["id"],
        reminders={"first_after_days": 2, "every_days": 3, "max_count": 2},
    )
    await run_jobs(mail_settings)
    assert len(subjects(mailbox, "alex@example.com")) == 1  # the invitation
    rid = envelope["recipients"][0]["id"]
    reminder = await Job.select(Job.run_after).where(Job.dedupe_key == f"remind:{rid}:1").first()
    assert 1.9 < (reminder["run_after"] - utcnow()).total_seconds() / 86400 <= 2.0

    for _ in range(3):
        await _due("remind", envelope)
        await run_jobs(mail_settings)
    reminders = [s for s in subjects(mailbox, "alex@example.com") if s.startswith("Reminder")]
    assert len(reminders) == 2  # capped
    pending = await Job.count().where(
        (Job.kind == "remind") & (Job.status == "queued") & Job.dedupe_key.like(f"remind:{rid}:%")
    )
    assert pending == 0


async def test_finishing_stops_reminders(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"])
    await run_jobs(mail_settings)
    await fill_demo(mail_client, mailbox.link_for("alex@example.com"))
    await run_jobs(mail_settings)
    await _due("remind", envelope)
    await run_jobs(mail_settings)
    assert not [s for s in subjects(mailbox, "alex@example.com") if s.startswith("Reminder")]


async def test_expiry_warns_then_expires(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    template = await import_template(mail_client, org)
    envelope = await create_envelope(
        mail_client, org, template["id"], expires_in_days=3, sender_email="owner@example.com"
    )
    await run_jobs(mail_settings)
    link = mailbox.link_for("alex@example.com")
    await _due("expiry_warning", envelope)
    await run_jobs(mail_settings)
    assert any("expires soon" in s for s in subjects(mailbox, "alex@example.com"))

    await _due("expire", envelope)
    await run_jobs(mail_settings)
    status = (await mail_client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "expired"
    assert any(s.startswith("Expired") for s in subjects(mailbox, "owner@example.com"))
    assert any(s.startswith("Expired") for s in subjects(mailbox, "alex@example.com"))
    closed = await mail_client.get(f"{link}/step/1")
    assert closed.status_code == 410 and "expired" in closed.text


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_short_expiry_warns_half_way_and_plans_no_reminder_after_the_warning(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A 1-day expiry: the warning is not mailed with the invitation but 12 hours later,
    and the first reminder (due after 2 days, past the expiry) is never planned."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"], expires_in_days=1)
    await run_jobs(settings)
    rid = envelope["recipients"][0]["id"]
    warning = await Job.select().where(Job.dedupe_key == f"expiry-warning:{envelope['id']}").first()
    assert warning["status"] == "queued"
    hours = (warning["run_after"] - utcnow()).total_seconds() / 3600
    assert 11.9 < hours <= 12.0
    assert await Job.count().where(Job.dedupe_key == f"expiry-warning-mail:{rid}") == 0
    assert await Job.count().where(Job.dedupe_key.like(f"remind:{rid}:%")) == 0

    # 5 days, reminders after 1 day then every 4: the second would come with the warning
    # (a day before the expiry), which is the last mail before it
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        expires_in_days=5,
        reminders={"first_after_days": 1, "every_days": 4, "max_count": 5},
    )
    await run_jobs(settings)
    rid = envelope["recipients"][0]["id"]
    assert await Job.count().where(Job.dedupe_key == f"remind:{rid}:1") == 1
    await _due("remind", envelope)
    await run_jobs(settings)
    assert await Job.count().where(Job.dedupe_key == f"reminder-mail:{rid}:1") == 1
    assert await Job.count().where(Job.dedupe_key == f"remind:{rid}:2") == 0


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_envelope_everyone_signed_does_not_expire_while_its_seal_waits(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """The last signature came just before the expiry date and the seal is waiting (a retry
    after a failure, or no worker running): the calendar must not throw away a finished
    contract; the seal ends the envelope."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"], expires_in_days=3)
    await run_jobs(settings)
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    later = utcnow() + dt.timedelta(hours=1)
    await Job.update({Job.run_after: later}).where(Job.dedupe_key == f"seal:{envelope['id']}")
    await _due("expire", envelope)
    await run_jobs(settings)
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "in_progress"

    await Job.update({Job.run_after: utcnow()}).where(Job.dedupe_key == f"seal:{envelope['id']}")
    await run_jobs(settings)
    status = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert status["status"] == "completed" and status["sealed"]
