"""Retention: a period per template; the purge job removes files and personal data, keeps a stub."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from designer.audit.words import event_words
from runtime.accounts.service import create_api_key
from runtime.archive.jobs import schedule_purge
from runtime.audit import verify_trails
from runtime.settings import Settings
from runtime.tables import AuditEvent, Envelope, Job, Recipient, StoredFile
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)


async def _age(envelope_id: str, days: int) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    await Envelope.update({Envelope.completed_at: past, Envelope.created_at: past}).where(
        Envelope.id == uuid.UUID(envelope_id)
    )


async def _purge(settings: Settings) -> None:
    """Run this hour's sweep now, whatever other tests left queued."""
    await Job.delete().where(Job.kind == "retention_purge")
    assert await schedule_purge()
    await run_jobs(settings)


async def test_purge_removes_files_and_personal_data_and_keeps_a_verifiable_stub(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    done = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Rosa Privat", "email": "rosa@private.test"}],
        prefill={"email": "rosa@private.test"},
        tags=["hr"],
    )
    link = path_of(done["recipients"][0]["signing_url"])
    await fill_demo(client, link, name="Rosa Privat")
    await run_jobs(settings)
    still_open = await create_envelope(client, org, template["id"])
    row = await Envelope.select().where(Envelope.id == uuid.UUID(done["id"])).first()
    sealed = await StoredFile.select().where(StoredFile.id == row["sealed_file"]).first()
    sealed_path = settings.files_dir / sealed["path"]
    assert sealed_path.exists()
    before = await client.get(f"/api/v1/envelopes/{done['id']}/audit", headers=org.auth)
    old_head = before.json()["chain"]["head"]

    put = await client.put(
        f"/api/v1/templates/{template['id']}/retention", json={"days": 30}, headers=org.auth
    )
    assert put.status_code == 200 and put.json()["retention_days"] == 30
    assert put.json()["due_now"] == 0
    await _age(done["id"], 31)
    await _age(still_open["id"], 400)  # open envelopes are never purged
    got = await client.get(f"/api/v1/templates/{template['id']}/retention", headers=org.auth)
    assert got.json()["due_now"] == 1

    await _purge(settings)

    assert not sealed_path.exists()
    assert await StoredFile.count().where(StoredFile.id == row["sealed_file"]) == 0
    stub = await Envelope.select().where(Envelope.id == uuid.UUID(done["id"])).first()
    assert stub["purged_at"] is not None and stub["status"] == "completed"
    assert stub["sealed_file"] is None and stub["search_document"] == " service agreement hr "
    assert "Rosa" not in str(stub) and "rosa@" not in str(stub)
    people = await Recipient.select().where(Recipient.envelope == uuid.UUID(done["id"]))
    assert [(p["name"], p["email"], p["ip"], p["status"]) for p in people] == [
        ("", "", "", "completed")
    ]
    events = await AuditEvent.select().where(AuditEvent.envelope == uuid.UUID(done["id"]))
    assert [e["action"] for e in events] == ["envelope.purged"]
    assert "rosa" not in str(events).lower()

    trail = (await client.get(f"/api/v1/envelopes/{done['id']}/audit", headers=org.auth)).json()
    assert trail["chain"]["ok"] is True
    purged = trail["events"][0]["data"]
    assert purged["previous_trail"]["head"] == old_head
    assert purged["previous_trail"]["intact"] is True
    assert purged["sealed_pdf_sha256"] == sealed["sha256"]
    reports = await verify_trails(uuid.UUID(done["id"]))
    assert [r.chain.ok for r in reports] == [True]
    org_events = (
        await AuditEvent.select()
        .where((AuditEvent.organisation == org.id) & (AuditEvent.action == "retention.purged"))
        .output(load_json=True)
    )
    assert org_events[0]["data"]["previous_head"] == old_head
    # Settings → Audit trail says what went, and after how long
    assert org_events[0]["data"]["days"] == 30
    assert event_words("retention.purged", org_events[0]["data"]) == (
        f"Deleted an envelope of “{template['name']}” past its retention period of 30 days"
    )

    assert (await client.get(link)).status_code == 404  # the signing link is dead
    gone = await client.get(f"/api/v1/envelopes/{done['id']}/sealed.pdf", headers=org.auth)
    assert gone.status_code == 409
    found = await client.get("/api/v1/envelopes/search", params={"q": "rosa"}, headers=org.auth)
    assert found.json()["total"] == 0
    listed = await client.get("/api/v1/envelopes/search", params={"tag": "hr"}, headers=org.auth)
    assert listed.json()["items"][0]["purged"] is True
    kept = await Envelope.select().where(Envelope.id == uuid.UUID(still_open["id"])).first()
    assert kept["purged_at"] is None

    await _purge(settings)  # a second sweep finds nothing more and changes nothing
    again = await AuditEvent.count().where(AuditEvent.envelope == uuid.UUID(done["id"]))
    assert again == 1


async def test_templates_without_a_period_are_kept_and_bad_periods_refused(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": "test"}, headers=org.auth
    )
    await _age(envelope["id"], 4000)
    await _purge(settings)
    row = await Envelope.select().where(Envelope.id == uuid.UUID(envelope["id"])).first()
    assert row["purged_at"] is None

    url = f"/api/v1/templates/{template['id']}/retention"
    assert (await client.put(url, json={"days": 0}, headers=org.auth)).status_code == 422
    assert (await client.put(url, json={"weeks": 3}, headers=org.auth)).status_code == 422
    reader = Org(org.id, await create_api_key(org.id, "reader", ("read",)))
    assert (await client.put(url, json={"days": 5}, headers=reader.auth)).status_code == 403
    other = await new_org("Other")
    assert (await client.put(url, json={"days": 5}, headers=other.auth)).status_code == 404
    assert (await client.get(url, headers=other.auth)).status_code == 404
    cleared = await client.put(url, json={"days": None}, headers=org.auth)
    assert cleared.status_code == 200 and cleared.json()["retention_days"] is None
