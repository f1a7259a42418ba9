"""Generate a realistic archive: envelopes with recipients, answers, tags and search documents.

    python -m tests.perf.gen_archive --database-url postgresql://postgres@127.0.0.1/db \
        --count 100000

Used by the integration tests (a few hundred rows, through piccolo, on both engines) and
by the search benchmark (100,000 rows through PostgreSQL COPY, about 20 s here). Rows are
written straight into the tables, as the engine would have left them: statuses, dates spread
over past weeks, signers who stopped at some step, completion times, senders from a few
domains. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.archive.document import build_document

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
FIRST = [
    "Alex",
    "Binh",
    "Chloé",
    "Dang",
    "Eva",
    "Farid",
    "Grace",
    "Hana",
    "Ivan",
    "Jun",
    "Kai",
    "Lena",
    "Minh",
    "Nora",
    "Omar",
    "Priya",
    "Quang",
    "Rosa",
    "Sven",
    "Thu",
    "Uma",
    "Viktor",
    "Wei",
    "Xavier",
    "Yusuf",
    "Zoë",
]
LAST = [
    "Example",
    "Nguyễn",
    "Müller",
    "Tanaka",
    "Okafor",
    "Smith",
    "García",
    "Kowalski",
    "Đặng",
    "Lefèvre",
    "Chen",
    "Haddad",
    "Johansson",
    "Rossi",
    "Kim",
    "Novak",
]
COMPANIES = [
    "Acme Ltd",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Imports",
    "Soylent",
    "Tyrell Corp",
]
TAGS = ["hr", "sales", "legal", "2026-q3", "priority", "renewal"]
SENDER_DOMAINS = ["legal.example.com", "sales.example.com", "hr.example.com"]
STATUS_WEIGHTS = {
    "completed": 55,
    "in_progress": 12,
    "sent": 13,
    "declined": 8,
    "expired": 8,
    "voided": 4,
}


@dataclass
class Generated:
    envelopes: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)


def demo_definition() -> dict[str, Any]:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def generate(
    organisation_id: uuid.UUID,
    versions: list[tuple[uuid.UUID, str]],
    count: int,
    *,
    seed: int = 7,
    now: dt.datetime | None = None,
    weeks: int = 12,
    senders: list[str] | None = None,
) -> Generated:
    """`count` envelopes over `versions` ((version id, template name) pairs)."""
    rng = random.Random(f"{seed}:{organisation_id}")  # ids differ between organisations
    now = now or dt.datetime.now(dt.UTC)
    senders = senders or [f"{n}@{d}" for d in SENDER_DOMAINS for n in ("anna", "ben")]
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    out = Generated()
    for i in range(count):
        envelope_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        version_id, template_name = versions[i % len(versions)]
        status = rng.choices(statuses, weights)[0]
        created = now - dt.timedelta(seconds=rng.randint(3600, weeks * 7 * 86400))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        email = f"{first.lower()}.{i}@{rng.choice(['example.com', 'mail.test', 'corp.test'])}"
        company = rng.choice(COMPANIES)
        answers: dict[str, Any] = {}
        prefill = {"email": email}
        completed_at = None
        steps_done, viewed = 0, status != "sent" or rng.random() < 0.3
        if status == "sent":
            viewed = False
        if status == "completed":
            completed_at = created + dt.timedelta(minutes=rng.lognormvariate(6.0, 1.2))
            completed_at = min(completed_at, now)
            steps_done = 2
            answers = {
                "full_name": name,
                "email": email,
                "company": company,
                "start_date": (created.date() + dt.timedelta(days=30)).isoformat(),
                "accept_terms": True,
                "notes": rng.choice(["", "Please invoice quarterly", "PO 4411-" + str(i)]),
            }
        elif viewed:
            steps_done = rng.choice([0, 0, 1, 1, 2])
        tags = rng.sample(TAGS, rng.choice([0, 0, 1, 1, 2]))
        recipient = {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "envelope": envelope_id,
            "role": "customer",
            "kind": "signer",
            "name": name,
            "email": email,
            "stage": 1,
            "status": _recipient_status(status, viewed),
            "token_hash": secrets.token_hex(32),
            "answers": answers,
            "current_step": steps_done,
            "viewed_at": created + dt.timedelta(minutes=5) if viewed else None,
            "completed_at": completed_at,
        }
        out.recipients.append(recipient)
        out.envelopes.append(
            {
                "id": envelope_id,
                "organisation": organisation_id,
                "template_version": version_id,
                "status": status,
                "prefill": prefill,
                "answers": answers,
                "created_at": created,
                "completed_at": completed_at,
                "sender_email": rng.choice(senders),
                "search_document": build_document(
                    template_name=template_name,
                    recipients=[recipient],
                    values=[*prefill.values(), *answers.values()],
                    tags=tags,
                ),
            }
        )
        out.tags += [
            {"organisation": organisation_id, "envelope": envelope_id, "tag": t} for t in tags
        ]
    return out


def _recipient_status(envelope_status: str, viewed: bool) -> str:
    return {
        "completed": "completed",
        "declined": "declined",
    }.get(envelope_status, "viewed" if viewed else "notified")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def insert_with_piccolo(data: Generated, batch: int = 300) -> None:
    """Any engine: multi-row INSERTs through piccolo (used by the tests)."""
    from runtime.tables import Envelope, EnvelopeTag, Recipient

    for rows in _chunks(data.envelopes, batch):
        await Envelope.insert(*[Envelope(**r) for r in rows])
    for rows in _chunks(data.recipients, batch):
        await Recipient.insert(*[Recipient(**r) for r in rows])
    for rows in _chunks(data.tags, batch):
        await EnvelopeTag.insert(*[EnvelopeTag(**r) for r in rows])


async def insert_with_copy(dsn: str, data: Generated) -> None:
    """PostgreSQL: COPY, about 100 times faster than INSERTs for 100,000 envelopes."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        for table, rows in (
            ("envelope", data.envelopes),
            ("recipient", data.recipients),
            ("envelope_tag", data.tags),
        ):
            if not rows:
                continue
            columns = list(rows[0])
            records = [
                tuple(json.dumps(r[c]) if isinstance(r[c], dict) else r[c] for c in columns)
                for r in rows
            ]
            await conn.copy_records_to_table(table, records=records, columns=columns)
        for table in ("envelope", "recipient", "envelope_tag"):  # as autovacuum would
            await conn.execute(f"VACUUM ANALYZE {table}")
    finally:
        await conn.close()


async def prepare_organisation(name: str, templates: int = 3) -> tuple[uuid.UUID, list]:
    """A new organisation with `templates` published copies of the demo template."""
    from runtime.accounts.service import ensure_organisation
    from runtime.templates.service import import_and_publish, latest_version

    org = await ensure_organisation(name)
    versions = []
    for n in range(templates):
        definition = demo_definition()
        definition["name"] = ["Service agreement", "Supplier NDA", "Employment contract"][n % 3]
        template = await import_and_publish(org, definition, actor="generator")
        version = await latest_version(uuid.UUID(template["id"]))
        versions.append((version["id"], definition["name"]))
    return org, versions


async def _main(args: argparse.Namespace) -> None:
    from runtime.database import configure_database, migrate
    from runtime.settings import Settings

    settings = Settings(database_url=args.database_url, var_dir=Path(args.var_dir))
    await migrate(settings)
    configure_database(settings)
    org, versions = await prepare_organisation(f"Archive {uuid.uuid4().hex[:6]}")
    data = generate(org, versions, args.count, seed=args.seed)
    if settings.uses_postgres:
        url = settings.database_url.replace("postgres://", "postgresql://", 1)
        await insert_with_copy(url, data)
    else:
        await insert_with_piccolo(data)
    print(json.dumps({"organisation": str(org), "envelopes": len(data.envelopes)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="empty: SQLite in --var-dir")
    parser.add_argument("--var-dir", default="var")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
