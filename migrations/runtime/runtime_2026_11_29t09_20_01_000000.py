"""What made each envelope made before `envelope.sent_via` existed, read from its audit trail:
the actor of its first event (`envelope.draft`) — "api", "demo", "prefill-link",
"embed:<subject>", a designer user's email — and, for a bulk send's envelope (actor
"bulk:<id>"), the actor who queued that bulk send ("cli" for `formseal send`). An envelope
whose trail says nothing of it keeps "" (the lists show "—")."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-29T09:20:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "envelope sent via backfill"


def _via(actor: str) -> str:
    """SQL: the sent_via of an actor column (as runtime/envelopes/origin.py: via_of_actor)."""
    return (
        f"CASE WHEN {actor} IN ('api', 'cli', 'demo') THEN {actor} "
        f"WHEN {actor} = 'prefill-link' THEN 'link' "
        f"WHEN {actor} LIKE 'embed:%' THEN 'embed' "
        f"WHEN {actor} LIKE '%@%' THEN 'designer' ELSE '' END"
    )


def statements(postgres: bool) -> list[str]:
    """Two UPDATEs (every part is a constant of this module, never input)."""
    bulk_id = "q.data->>'bulk_send_id'" if postgres else "json_extract(q.data, '$.bulk_send_id')"
    draft = "FROM audit_event a WHERE a.envelope = envelope.id AND a.action = 'envelope.draft'"
    direct = (
        f"UPDATE envelope SET sent_via = COALESCE((SELECT {_via('a.actor')} "  # noqa: S608
        f"{draft} ORDER BY a.id LIMIT 1), '') WHERE sent_via = ''"
    )
    bulk = (
        f"UPDATE envelope SET sent_via = COALESCE((SELECT {_via('q.actor')} "  # noqa: S608
        f"FROM audit_event a JOIN audit_event q ON q.action = 'bulk_send.queued' "
        f"AND q.organisation = a.organisation AND {bulk_id} = substr(a.actor, 6) "
        f"WHERE a.envelope = envelope.id AND a.action = 'envelope.draft' "
        f"AND a.actor LIKE 'bulk:%' ORDER BY q.id LIMIT 1), '') WHERE sent_via = ''"
    )
    return [direct, bulk]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="runtime", description=DESCRIPTION)

    async def backfill() -> None:
        engine = engine_finder()
        assert engine is not None
        for sql in statements(isinstance(engine, PostgresEngine)):
            await engine.run_ddl(sql)

    manager.add_raw(backfill)
    return manager
