"""The seal job on both engines: the audit head goes into the PDF, failures are visible with
their reason, a failed seal can be retried, and no envelope stays stuck without a seal."""

import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime import audit
from runtime.clock import utcnow
from runtime.jobs.seal import reconcile_seals, retry_seal, seal_job_key, seal_status
from runtime.settings import Settings
from runtime.tables import AuditEvent, Envelope, Job, StoredFile
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def _filled(client: AsyncTestClient, org: Org) -> uuid.UUID:
    """An envelope whose only recipient has signed: ready to seal, its seal job queued."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    return uuid.UUID(envelope["id"])


async def _status(envelope_id: uuid.UUID) -> str:
    row = await Envelope.select(Envelope.status).where(Envelope.id == envelope_id).first()
    return row["status"]


async def _job(envelope_id: uuid.UUID) -> dict:
    return await Job.select().where(Job.dedupe_key == seal_job_key(envelope_id)).first()


async def test_sealed_pdf_carries_the_audit_head(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id = await _filled(client, org)
    before = await audit.events(org.id, envelope_id)
    assert (await seal_status(envelope_id)).state == "pending"
    await run_jobs(settings)
    assert (await seal_status(envelope_id)).state == "sealed"
    download = await client.get(f"/api/v1/envelopes/{envelope_id}/sealed.pdf", headers=org.auth)
    pdf = download.content
    # the stored file is named as it downloads ("Service agreement – 3f6c1d2e.pdf"), not
    # "<envelope id>.pdf", so admin screens and exports that show stored names read well
    sealed = await Envelope.select(Envelope.sealed_file).where(Envelope.id == envelope_id).first()
    stored = await StoredFile.select().where(StoredFile.id == sealed["sealed_file"]).first()
    assert stored["original_name"] == f"Service agreement – {str(envelope_id)[:8]}.pdf"
    assert (
        "filename*=UTF-8''Service%20agreement%20%E2%80%93%20"
        in download.headers["content-disposition"]
    )
    reader = PdfReader(BytesIO(pdf))
    info = reader.metadata
    certificate = " ".join(reader.pages[-1].extract_text().split())
    assert "Consent given To electronic records and signatures, 20" in certificate
    assert "None beyond the personal signing link" in certificate  # the demo asks no code
    # the head is the newest event when sealing began; completion and sealing come after
    assert info["/FormsealAuditHead"] == before[-1]["hash"]
    assert info["/FormsealAuditEvents"] == str(len(before))
    after = await audit.events(org.id, envelope_id)
    later = [e["action"] for e in after[len(before) :]]
    assert later[:2] == ["envelope.completed", "envelope.sealed"]
    assert audit.verify_chain(after).ok


async def test_failing_seal_is_visible_retried_and_repaired(
    client: AsyncTestClient, org: Org, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runtime.sealing import keys

    envelope_id = await _filled(client, org)
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    monkeypatch.setattr(keys, "_now", lambda: later)  # the sealing certificate has expired
    await run_jobs(settings)

    assert await _status(envelope_id) == "in_progress"  # not completed without a seal
    status = await seal_status(envelope_id)
    assert status.state == "pending" and status.attempts == 1
    assert "The sealing certificate expired on" in status.reason
    # the reason in words, without the exception's dotted name the job's last_error holds
    assert status.reason.startswith(
        "Queued again after an error (attempt 1 of 5): The sealing certificate expired on"
    )
    job = await _job(envelope_id)
    assert job["status"] == "queued" and "expired" in job["last_error"]

    # the retries run out: failed, with the reason
    await Job.update({Job.run_after: utcnow(), Job.max_attempts: 2}).where(Job.id == job["id"])
    await run_jobs(settings)
    status = await seal_status(envelope_id)
    assert status.state == "failed" and status.reason.startswith("The sealing certificate expired")
    assert await _status(envelope_id) == "in_progress"
    assert envelope_id not in await reconcile_seals()  # a failed seal waits for an admin

    # the operator installs a valid certificate (here: the clock is right again) and retries
    monkeypatch.undo()
    assert await retry_seal(envelope_id, actor="ops@example.com")
    status = await seal_status(envelope_id)
    assert status.state == "pending" and status.attempts == 0
    assert status.reason.startswith(
        "Queued to try again; the last error was: The sealing certificate expired"
    )
    await run_jobs(settings)
    assert (await seal_status(envelope_id)).state == "sealed"
    assert await _status(envelope_id) == "completed"
    assert not await retry_seal(envelope_id)  # nothing left to retry
    actions = [e["action"] for e in await audit.events(org.id, envelope_id)]
    assert "envelope.seal_retried" in actions and "envelope.sealed" in actions


async def test_reconcile_queues_stuck_envelopes(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    lost = await _filled(client, org)  # its seal job vanished (e.g. restored backup)
    await Job.delete().where(Job.dedupe_key == seal_job_key(lost))
    done_no_file = await _filled(client, org)  # marked done, but the file never recorded
    await Job.update({Job.status: "done"}).where(Job.dedupe_key == seal_job_key(done_no_file))
    waiting = await _filled(client, org)  # its job is simply queued: left alone

    assert (await seal_status(lost)).reason.startswith("Every recipient is done but no seal job")
    assert (await seal_status(done_no_file)).state == "failed"
    queued = await reconcile_seals()
    assert lost in queued and done_no_file in queued and waiting not in queued
    assert lost not in await reconcile_seals()  # idempotent

    await run_jobs(settings)
    for envelope_id in (lost, done_no_file, waiting):
        assert (await seal_status(envelope_id)).state == "sealed"
        assert await _status(envelope_id) == "completed"


async def test_a_broken_audit_trail_is_not_sealed(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id = await _filled(client, org)
    first = (await audit.events(org.id, envelope_id))[0]
    await AuditEvent.raw("UPDATE audit_event SET actor = 'mallory' WHERE id = {}", first["id"])
    await run_jobs(settings)
    status = await seal_status(envelope_id)
    assert status.state == "pending" and "audit trail is broken" in status.reason
    assert f"event {first['id']}" in status.reason
    assert await _status(envelope_id) == "in_progress"
