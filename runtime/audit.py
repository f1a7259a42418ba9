"""The append-only audit trail: each event carries the hash of the one before it.

The chain runs per envelope (or per organisation for events outside envelopes), so
editing, deleting or reordering any event breaks every hash after it.
"""

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from components import canonical_json
from runtime.clock import iso, utcnow
from runtime.database import transaction
from runtime.tables import AuditEvent


def recipient_actor(recipient: dict[str, Any]) -> str:
    """How a recipient is named in the trail: "Ann Lee <ann@example.com> (customer)"; an
    organisation role (a company stamp) has no email: "Acme Ltd (company)"."""
    email = f" <{recipient['email']}>" if recipient.get("email") else ""
    return f"{recipient['name']}{email} ({recipient['role']})"


def _digest(event: dict[str, Any]) -> str:
    body = {
        "prev_hash": event["prev_hash"],
        "organisation": str(event["organisation"]),
        "envelope": str(event["envelope"]) if event["envelope"] else None,
        "action": event["action"],
        "actor": event["actor"],
        "ip": event["ip"],
        "data": event["data"],
        "created_at": iso(event["created_at"]),
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


async def record(
    organisation_id: uuid.UUID,
    action: str,
    *,
    envelope_id: uuid.UUID | None = None,
    actor: str = "",
    ip: str = "",
    data: dict[str, Any] | None = None,
) -> str:
    """Append one event and return its hash. Call inside the transaction of the change.

    Reading the trail's last hash and inserting the next event is one step per trail: two
    appends at once (a mail job's `mail.sent` while the signer finishes) would otherwise
    both follow the same event, forking the chain, and the envelope could never be sealed.
    The append runs in a transaction (the caller's, or its own), which on SQLite already
    holds the database's write lock; on PostgreSQL a transaction-scoped advisory lock per
    trail makes the next appender wait until this transaction ends."""
    async with transaction():
        await _lock_trail(organisation_id, envelope_id)
        return await _append(organisation_id, action, envelope_id, actor, ip, data)


async def _lock_trail(organisation_id: uuid.UUID, envelope_id: uuid.UUID | None) -> None:
    if AuditEvent._meta.db.engine_type != "postgres":
        return  # SQLite: a write transaction (BEGIN IMMEDIATE) already excludes the others
    name = f"formseal.audit:{organisation_id}:{envelope_id or ''}".encode()
    key = int.from_bytes(hashlib.sha256(name).digest()[:8], "big", signed=True)
    await AuditEvent.raw("SELECT pg_advisory_xact_lock({})", key)


async def _append(
    organisation_id: uuid.UUID,
    action: str,
    envelope_id: uuid.UUID | None,
    actor: str,
    ip: str,
    data: dict[str, Any] | None,
) -> str:
    last = (
        await AuditEvent.select(AuditEvent.hash)
        .where(_stream(organisation_id, envelope_id))
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    event: dict[str, Any] = {
        "prev_hash": last["hash"] if last else "",
        "organisation": organisation_id,
        "envelope": envelope_id,
        "action": action,
        "actor": actor,
        "ip": ip,
        "data": data or {},
        "created_at": utcnow().replace(microsecond=0),
    }
    event["hash"] = _digest(event)
    await AuditEvent(**event).save()  # type: ignore[arg-type]
    return event["hash"]


def _stream(organisation_id: uuid.UUID, envelope_id: uuid.UUID | None) -> Any:
    where = AuditEvent.organisation == organisation_id
    if envelope_id is None:
        return where & AuditEvent.envelope.is_null()
    return where & (AuditEvent.envelope == envelope_id)


async def events(organisation_id: uuid.UUID, envelope_id: uuid.UUID) -> list[dict[str, Any]]:
    return (
        await AuditEvent.select()
        .where(_stream(organisation_id, envelope_id))
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    head: str
    problem: str = ""
    broken_event: int | None = None
    """Id of the first event that does not check out (the first broken link)."""


class _Chain:
    """Checks one stream event by event, so all streams can be checked in one pass."""

    def __init__(self) -> None:
        self.prev, self.prev_id, self.count = "", None, 0
        self.problem, self.broken = "", None

    def add(self, row: dict[str, Any]) -> None:
        self.count += 1
        if self.problem:
            return
        what = f"event {row['id']} ({row['action']}, #{self.count} of its trail)"
        if row["prev_hash"] != self.prev:
            before = f"event {self.prev_id}" if self.prev_id is not None else "the start"
            self.problem = (
                f"{what} does not follow {before}: an event was deleted, inserted or "
                "reordered, or the one before it was rewritten"
            )
        elif _digest(row) != row["hash"]:
            self.problem = f"{what} was altered: its content no longer matches its hash"
        if self.problem:
            self.broken = row["id"]
            return
        self.prev, self.prev_id = row["hash"], row["id"]

    def report(self) -> ChainReport:
        return ChainReport(not self.problem, self.count, self.prev, self.problem, self.broken)


def verify_chain(rows: list[dict[str, Any]]) -> ChainReport:
    """Recompute every hash in order; the first mismatch names the broken event."""
    chain = _Chain()
    for row in rows:
        chain.add(row)
    return chain.report()


@dataclass(frozen=True)
class TrailReport:
    """One audit trail: an envelope's, or an organisation's events outside envelopes."""

    organisation: uuid.UUID
    envelope: uuid.UUID | None
    chain: ChainReport


async def verify_trails(
    envelope_id: uuid.UUID | None = None,
    batch: int = 2000,
    *,
    organisation_id: uuid.UUID | None = None,
) -> list[TrailReport]:
    """Check one envelope's trail, or every trail (of one organisation), reading the events
    in batches by id."""
    chains: dict[tuple[Any, Any], _Chain] = {}
    last_id = 0
    while True:
        where: Any = AuditEvent.id > last_id
        if envelope_id is not None:
            where = where & (AuditEvent.envelope == envelope_id)
        if organisation_id is not None:
            where = where & (AuditEvent.organisation == organisation_id)
        rows = (
            await AuditEvent.select()
            .where(where)
            .order_by(AuditEvent.id)
            .limit(batch)
            .output(load_json=True)
        )
        for row in rows:
            key = (row["organisation"], row["envelope"])
            chains.setdefault(key, _Chain()).add(row)
        if len(rows) < batch:
            break
        last_id = rows[-1]["id"]
    return [TrailReport(org, env, chain.report()) for (org, env), chain in chains.items()]


async def organisation_events(
    organisation_id: uuid.UUID, limit: int = 100, *, leave_out: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The newest events of an organisation's own trail (sign-ins, users, keys, settings),
    newest first, without the actions in `leave_out`; envelopes keep theirs on their own
    pages."""
    where = _stream(organisation_id, None)
    if leave_out:
        where &= AuditEvent.action.not_in(list(leave_out))
    return (
        await AuditEvent.select()
        .where(where)
        .order_by(AuditEvent.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
