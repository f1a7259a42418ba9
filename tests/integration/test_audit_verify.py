"""`formseal audit verify`: edited or deleted audit rows are caught, on both engines."""

import asyncio
import uuid

from litestar.testing import AsyncTestClient

from runtime import audit
from runtime.settings import Settings
from runtime.tables import AuditEvent, Organisation
from tests.integration.cli_helpers import run
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def _sealed(client: AsyncTestClient, org: Org, settings: Settings) -> uuid.UUID:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    return uuid.UUID(envelope["id"])


async def _trail(envelope_id: uuid.UUID) -> audit.ChainReport:
    (trail,) = await audit.verify_trails(envelope_id)
    return trail.chain


async def test_an_edited_event_is_caught(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id = await _sealed(client, org, settings)
    events = await audit.events(org.id, envelope_id)
    assert len(events) >= 5 and (await _trail(envelope_id)).ok
    intact = run(settings, "audit", "verify", str(envelope_id))
    assert intact.returncode == 0, intact.stderr
    assert f"Checked 1 trail, {len(events)} events: all intact." in intact.stdout

    target = events[2]
    await AuditEvent.raw("UPDATE audit_event SET actor = 'mallory' WHERE id = {}", target["id"])
    chain = await _trail(envelope_id)
    assert not chain.ok and chain.broken_event == target["id"]
    assert chain.problem.startswith(f"event {target['id']} ({target['action']}, #3 of its trail)")
    assert "was altered" in chain.problem

    result = run(settings, "audit", "verify", str(envelope_id))
    assert result.returncode == 1
    name = (await Organisation.select(Organisation.name).where(Organisation.id == org.id))[0]
    assert f"BROKEN envelope {envelope_id} (organisation “{name['name']}”, {org.id}):" in (
        result.stdout
    )
    assert f"first broken link: event {target['id']}" in result.stdout
    everything = await audit.verify_trails()  # what `formseal audit verify` checks with no id
    broken = [t for t in everything if not t.chain.ok]
    assert envelope_id in {t.envelope for t in broken}


async def test_a_deleted_event_is_caught(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id = await _sealed(client, org, settings)
    events = await audit.events(org.id, envelope_id)
    gone, following = events[1], events[2]
    await AuditEvent.raw("DELETE FROM audit_event WHERE id = {}", gone["id"])
    chain = await _trail(envelope_id)
    assert not chain.ok and chain.broken_event == following["id"]
    assert f"does not follow event {events[0]['id']}" in chain.problem
    assert "deleted" in chain.problem
    assert chain.count == len(events) - 1


async def test_a_rewritten_trail_is_caught_by_the_head_sealed_in_the_pdf(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Someone edits an event and recomputes every hash after it: the chain checks out
    again, but the PDF's sealed head is no longer in it, and /verify says so."""
    from runtime.verification.service import verify_upload

    envelope_id = await _sealed(client, org, settings)
    pdf = (
        await client.get(f"/api/v1/envelopes/{envelope_id}/sealed.pdf", headers=org.auth)
    ).content
    assert (await verify_upload(settings, pdf))["ok"]

    events = await audit.events(org.id, envelope_id)
    events[0]["actor"] = "mallory"
    prev = ""
    for event in events:
        event["prev_hash"] = prev
        event["hash"] = prev = audit._digest(event)
        await AuditEvent.update(
            {AuditEvent.actor: event["actor"], AuditEvent.prev_hash: event["prev_hash"],
             AuditEvent.hash: event["hash"]}
        ).where(AuditEvent.id == event["id"])  # fmt: skip
    assert (await _trail(envelope_id)).ok  # the chain alone cannot tell

    report = await verify_upload(settings, pdf)
    assert not report["ok"] and report["intact"]
    assert report["audit_chain"]["ok"] and report["audit_chain"]["sealed_head_position"] is None
    assert any("does not contain the event sealed into this PDF" in r for r in report["reasons"])


async def test_appends_at_the_same_moment_keep_one_chain(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A mail job's `mail.sent` and a signer's step can be recorded at the same moment: each
    event must still follow the one before it (a fork broke a trail, and its seal, once)."""
    template = await import_template(client, org)
    envelope_id = uuid.UUID((await create_envelope(client, org, template["id"]))["id"])
    before = len(await audit.events(org.id, envelope_id))

    await asyncio.gather(
        *(
            audit.record(org.id, "test.concurrent", envelope_id=envelope_id, data={"n": n})
            for n in range(12)
        ),
        *(audit.record(org.id, "test.outside", data={"n": n}) for n in range(4)),
    )

    chain = await _trail(envelope_id)
    assert chain.ok, chain.problem
    assert chain.count == before + 12
    trails = await audit.verify_trails()
    outside = [t for t in trails if t.organisation == org.id and t.envelope is None]
    assert outside and all(t.chain.ok for t in outside)
