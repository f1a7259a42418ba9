"""Settings → Problems: an organisation's failed background work (a signer's invitation
email the mail server would not take, a webhook delivery that kept failing), in words, newest
first, with "Try again" that queues the job once and a notice naming it; an invitation to
the designer the mail server refused (a kind the designer registers); another
organisation's never shows, and its job ids answer 404; however many newer failures other
organisations have, an organisation still sees its own."""

import dataclasses
import datetime as dt
import socket
import uuid

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts.invitations import JOB, send_link
from designer.accounts.service import create_user
from designer.tables import DesignerInvitation
from runtime import audit
from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.clock import utcnow
from runtime.envelopes.correct import correct_email
from runtime.jobs import problems
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.tables import Job, Organisation, WebhookDelivery, WebhookEndpoint
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    path_of,
)
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.designer.sending_helpers import URL, _envelope
from tests.integration.workers import a_worker_runs, no_worker


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_failed_invitation_is_listed_in_words_and_retried_once(
    client: AsyncTestClient, author: Author, org: Org, settings: Settings
) -> None:
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    token = await sign_in(client, author)
    empty = await client.get(URL)
    assert empty.status_code == 200 and "No problems" in empty.text
    # nothing to narrow down when nothing is listed
    assert "Show only seals and company stamps" not in empty.text

    envelope, job = await _envelope(client, mine, "ana@example.com")
    theirs, their_job = await _envelope(client, org, "bob@elsewhere.example")
    await Job.update({Job.max_attempts: 1}).where(Job.id.is_in([job["id"], their_job["id"]]))
    unreachable = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=_closed_port())
    await Worker(unreachable, kinds=("mail",)).run_until_idle()
    assert (await Job.select(Job.status).where(Job.id == job["id"]).first())["status"] == "failed"

    page = await client.get(URL)
    assert page.status_code == 200
    assert "Invitation email to ana@example.com for “Service agreement”" in page.text
    assert "could not reach the mail server" in page.text and "SMTPConnectError" not in page.text
    assert f'href="/designer/envelopes/{envelope["id"]}"' in page.text
    assert "1 of 1" in page.text and "Failed — gave up" in page.text
    assert "<strong>1 problem</strong>" in page.text and "Show only seals and company" in page.text
    # the other organisation's failure exists but is not ours
    assert "bob@elsewhere.example" not in page.text and theirs["id"] not in page.text

    refused = await client.post(f"{URL}/{their_job['id']}/retry", data={"_csrf_token": token})
    assert refused.status_code == 404
    no_csrf = await client.post(f"{URL}/{job['id']}/retry", data={})
    assert no_csrf.status_code == 403

    first = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert first.status_code == 303 and first.headers["location"].endswith("outcome=queued")
    second = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert second.headers["location"].endswith("outcome=already")  # a second window, a 2nd click
    again = await Job.select().where(Job.id == job["id"]).first()
    assert again["status"] == "queued" and again["attempts"] == 0
    # until a worker takes it, the row says it is queued, not that it will be tried later
    queued = (await client.get(URL)).text
    assert "Queued to try again" in queued and "Failed — will try again" not in queued
    assert "Now, as soon as a worker takes it" in queued and "by itself" not in queued
    # the administrator's re-send is on the envelope's timeline, once (not for "already")
    trail = await audit.events(author.organisation_id, uuid.UUID(envelope["id"]))
    retried = [e for e in trail if e["action"] == "mail.retried"]
    assert len(retried) == 1 and retried[0]["actor"] == author.email
    timeline = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert "Failed email tried again" in timeline
    assert (
        "Invitation email to ana@example.com, which had failed; queued again from "
        "Settings → Problems" in timeline
    )
    mails = await Job.select(Job.payload).where(Job.kind == "mail").output(load_json=True)
    recipient = envelope["recipients"][0]["id"]
    assert sum(1 for m in mails if m["payload"].get("recipient_id") == recipient) == 1
    await no_worker()  # no worker has checked in here
    notice = await client.get(first.headers["location"])
    named = "Invitation email to ana@example.com for “Service agreement”: queued again"
    assert f'role="status">{named}; it runs as soon as a job worker takes it.' in notice.text
    # served with FORMSEAL_RUN_WORKER=false and no `formseal worker`: said, not "seconds"
    assert "few seconds" not in notice.text
    assert "No job worker is running here" in notice.text
    assert "No job worker" in (await client.get(URL)).text  # the row still waits
    await a_worker_runs()  # what a running worker does, once a minute
    assert "No job worker" not in (await client.get(first.headers["location"])).text
    # another organisation's job id in the address names nothing
    theirs_named = await client.get(f"{URL}?job={their_job['id']}&outcome=queued")
    assert 'role="status">Queued again; it runs' in theirs_named.text
    assert "bob@elsewhere.example" not in theirs_named.text

    # the address was mistyped: once corrected (a new invitation goes out), it is settled
    await correct_email(
        settings,
        author.organisation_id,
        uuid.UUID(envelope["id"]),
        uuid.UUID(recipient),
        "ana@example.org",
        actor=author.email,
    )
    assert "Invitation email to ana@example.com" not in (await client.get(URL)).text


async def test_other_organisations_newer_failures_never_hide_ours(
    client: AsyncTestClient, author: Author, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page reads the newest SCANNED problems (5 here, 1,000 in production) of the
    organisation only: another's six newer failures neither push ours out nor show."""
    monkeypatch.setattr(problems, "SCANNED", 5)
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    envelope, job = await _envelope(client, mine, "ana@example.com")
    assert job["organisation"] == author.organisation_id  # queued as the organisation's
    theirs, _ = await _envelope(client, org, "bob@elsewhere.example")
    gave_up = {
        Job.status: "failed",
        Job.last_error: "SMTPConnectError: refused",
        Job.finished_at: utcnow(),
    }
    await Job.update(gave_up).where(Job.id == job["id"])
    for n in range(6):  # newer than ours, each a failure of theirs
        await Job.insert(
            Job(
                kind="mail",
                organisation=org.id,
                payload={
                    "mail": "completed",
                    "envelope_id": theirs["id"],
                    "to_email": f"bob{n}@elsewhere.example",
                },
                status="failed",
                attempts=5,
                last_error="SMTPConnectError: refused",
                finished_at=utcnow(),
            )
        )
    their_jobs = await Job.select(Job.id).where(
        (Job.organisation == org.id) & (Job.status == "failed")
    )
    assert len(their_jobs) == 6 and min(j["id"] for j in their_jobs) > job["id"]

    token = await sign_in(client, author)
    page = (await client.get(URL)).text
    assert "Invitation email to ana@example.com for “Service agreement”" in page
    assert f'href="/designer/envelopes/{envelope["id"]}"' in page
    assert "<strong>1 problem</strong>" in page and "elsewhere.example" not in page
    for their in their_jobs:
        refused = await client.post(f"{URL}/{their['id']}/retry", data={"_csrf_token": token})
        assert refused.status_code == 404
    assert await Job.count().where(Job.id.is_in([j["id"] for j in their_jobs])) == 6
    assert not await Job.exists().where(
        Job.id.is_in([j["id"] for j in their_jobs]) & (Job.status != "failed")
    )


async def test_a_failing_webhook_delivery_links_to_its_log_and_is_sent_again(
    client: AsyncTestClient, author: Author
) -> None:
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    endpoint = WebhookEndpoint(
        organisation=author.organisation_id, url="https://hooks.example.com/in", secret="whsec_x"
    )
    await endpoint.save()
    envelope, _ = await _envelope(client, mine, "ana@example.com")
    jobs = await Job.select().where(Job.kind == "webhook").output(load_json=True)
    deliveries = {  # this organisation's: earlier tests leave deliveries of their own
        d["id"]
        for d in await WebhookDelivery.select(WebhookDelivery.id).where(
            (WebhookDelivery.event_type == "envelope.sent")
            & (WebhookDelivery.endpoint == endpoint.id)
        )
    }
    job = next(j for j in jobs if uuid.UUID(j["payload"]["delivery_id"]) in deliveries)
    assert job["organisation"] == author.organisation_id  # queued as the endpoint's
    delivery_id = uuid.UUID(job["payload"]["delivery_id"])
    await WebhookDelivery.update(
        {WebhookDelivery.status: "failed", WebhookDelivery.last_error: "The receiver answered 500."}
    ).where(WebhookDelivery.id == delivery_id)
    await Job.update(
        {
            Job.status: "failed",
            Job.attempts: 12,
            Job.max_attempts: 12,
            Job.last_error: "RuntimeError: webhook receiver answered 500",
            Job.finished_at: Job.created_at,
        }
    ).where(Job.id == job["id"])

    token = await sign_in(client, author)
    page = await client.get(URL)
    assert "Webhook delivery to https://hooks.example.com/in (envelope.sent)" in page.text
    assert "The receiver answered 500." in page.text and "RuntimeError" not in page.text
    assert 'href="/designer/settings/webhooks"' in page.text
    assert f'href="/designer/envelopes/{envelope["id"]}"' in page.text
    assert csrf_from(page.text)
    retried = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert retried.headers["location"].endswith("outcome=queued")
    row = await WebhookDelivery.select().where(WebhookDelivery.id == delivery_id).first()
    assert row["status"] == "pending"
    again = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert again.headers["location"].endswith("outcome=already")
    # the organisation's trail (its endpoint's plumbing), not the envelope's evidence
    envelope_trail = await audit.events(author.organisation_id, uuid.UUID(envelope["id"]))
    assert not [e for e in envelope_trail if e["action"].endswith("retried")]
    screen = (await client.get("/designer/settings/audit")).text
    words = "Sent the envelope.sent webhook delivery to https://hooks.example.com/in again"
    assert screen.count(words) == 1 and author.email in screen


async def test_only_administrators_see_problems(client: AsyncTestClient) -> None:
    org_id = await ensure_organisation(f"Viewer org {uuid.uuid4().hex[:8]}")
    email = f"viewer-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org_id, email, PASSWORD, name="Vi Ewer", role="viewer")
    await sign_in(client, Author(email, PASSWORD, org_id))
    assert (await client.get(URL)).status_code == 403


async def test_a_failed_seal_is_tried_again_once(client: AsyncTestClient, author: Author) -> None:
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    template = await import_template(client, mine)
    envelope = await create_envelope(client, mine, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    key = f"seal:{envelope['id']}"
    await Job.update(
        {
            Job.status: "failed",
            Job.last_error: "RuntimeError: the sealing key is unreadable",
            Job.finished_at: utcnow() - dt.timedelta(days=40),  # unsealed: still a problem
        }
    ).where(Job.dedupe_key == key)
    job = await Job.select().where(Job.dedupe_key == key).first()
    token = await sign_in(client, author)
    page = await client.get(URL)
    assert "Sealing for “Service agreement”" in page.text
    seals = await client.get(f"{URL}?show=seals")  # where the failed-seal mail links
    assert "Sealing for “Service agreement”" in seals.text and "Show all problems" in seals.text
    assert "<strong>1 seal or stamp</strong>" in seals.text
    assert "<strong>1 problem</strong>" in page.text
    assert "Invitation email" not in seals.text
    assert "the sealing key is unreadable" in page.text and "RuntimeError" not in page.text
    first = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    second = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert first.headers["location"].endswith("outcome=queued")
    assert second.headers["location"].endswith("outcome=already")
    events = await audit.events(author.organisation_id, uuid.UUID(envelope["id"]))
    assert [e["action"] for e in events].count("envelope.seal_retried") == 1


async def _failed_invitation(settings: Settings, organisation_id: uuid.UUID, email: str) -> int:
    """An invitation to the designer the mail server refused for good; its job id."""
    user_id = await create_user(organisation_id, email, "", allow_no_password=True)
    await send_link(settings, organisation_id, user_id, purpose="invite", actor="tests")
    job = await Job.select().where(Job.kind == JOB).order_by(Job.id, ascending=False).first()
    assert job is not None
    refused = (
        "aiosmtplib.errors.SMTPRecipientsRefused: [SMTPRecipientRefused(550, "
        f"'5.1.1 No such user', '{email}')]"
    )
    await Job.update(
        {
            Job.status: "failed",
            Job.attempts: 1,
            Job.max_attempts: 1,
            Job.last_error: refused,
            Job.finished_at: utcnow(),
        }
    ).where(Job.id == job["id"])
    return int(job["id"])


async def test_a_failed_invitation_to_the_designer_is_listed_and_sent_again(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    other = await ensure_organisation(f"Other org {uuid.uuid4().hex[:8]}")
    name = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == author.organisation_id)
        .first()
        or {}
    )["name"]
    mine = await _failed_invitation(settings, author.organisation_id, "new.admin@example.com")
    theirs = await _failed_invitation(settings, other, "their.admin@elsewhere.example")
    invited = await Job.select(Job.id, Job.organisation).where(Job.id.is_in([mine, theirs]))
    assert {j["id"]: j["organisation"] for j in invited} == {
        mine: author.organisation_id,
        theirs: other,
    }
    token = await sign_in(client, author)

    page = await client.get(URL)
    assert f"Invitation to join {name} sent to new.admin@example.com" in page.text
    assert "The mail server refused this address" in page.text  # in words, not SMTP's
    assert "their.admin@elsewhere.example" not in page.text
    refused = await client.post(f"{URL}/{theirs}/retry", data={"_csrf_token": token})
    assert refused.status_code == 404

    retried = await client.post(f"{URL}/{mine}/retry", data={"_csrf_token": token})
    assert retried.status_code == 303
    notice = await client.get(retried.headers["location"])
    assert f"Invitation to join {name} sent to new.admin@example.com: queued again" in notice.text
    job = await Job.select().where(Job.id == mine).output(load_json=True).first()
    assert job is not None and job["status"] == "queued" and job["attempts"] == 0
    screen = (await client.get("/designer/settings/audit")).text
    said = f"Tried a failed email again: Invitation to join {name} sent to new.admin@example.com"
    assert said in screen

    # a link that has expired meanwhile would not be mailed: the Users screen offers a new one
    await Job.update({Job.status: "failed", Job.finished_at: utcnow()}).where(Job.id == mine)
    await DesignerInvitation.update({DesignerInvitation.expires_at: utcnow()}).where(
        DesignerInvitation.id == uuid.UUID(job["payload"]["invitation_id"])
    )
    assert "new.admin@example.com" not in (await client.get(URL)).text
