"""`formseal retention purge`, run as an operator would after shortening a period."""

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import uuid

from litestar.testing import AsyncTestClient

from runtime.archive.exports import csv_chunks
from runtime.archive.filters import parse_filter
from runtime.settings import Settings
from runtime.tables import Envelope, Template
from tests.perf.gen_archive import generate, insert_with_piccolo, prepare_organisation


def formseal(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(settings.var_dir),
        "FORMSEAL_DATABASE_URL": settings.database_url,
        "FORMSEAL_SECRET_KEY": settings.secret_key,
        "FORMSEAL_BASE_URL": settings.base_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_retention_purge_runs_the_sweep_now(
    client: AsyncTestClient, settings: Settings
) -> None:
    org_id, versions = await prepare_organisation(f"Purge {uuid.uuid4().hex[:6]}", templates=1)
    data = generate(org_id, versions, 30, seed=11)
    await insert_with_piccolo(data)
    await Template.update({Template.retention_days: 30}).where(Template.organisation == org_id)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    due = {
        str(e["id"])
        for e in data.envelopes
        if (e["status"] == "completed" and e["completed_at"] < cutoff)
        or (e["status"] in ("declined", "expired", "voided") and e["created_at"] < cutoff)
    }
    assert due

    listed = formseal(settings, "retention", "purge", "--dry-run")
    assert listed.returncode == 0, listed.stderr
    assert all(envelope_id in listed.stdout for envelope_id in due)
    assert "nothing purged (--dry-run)" in listed.stdout
    ours = Envelope.organisation == org_id
    assert await Envelope.count().where(ours & Envelope.purged_at.is_not_null()) == 0

    purged = formseal(settings, "retention", "purge")
    assert purged.returncode == 0, purged.stderr
    assert "Purged " in purged.stdout and "past their retention period" in purged.stdout
    gone = await Envelope.select(Envelope.id).where(ours & Envelope.purged_at.is_not_null())
    assert {str(r["id"]) for r in gone} == due  # the rest, open or recent, stay whole
    again = formseal(settings, "retention", "purge", "--dry-run")
    assert not any(envelope_id in again.stdout for envelope_id in due)

    # the export names a purged envelope's recipients by role alone, not as " <> (…)"
    exported = b"".join([c async for c in csv_chunks(org_id, parse_filter({}))]).decode()
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    purged_rows = [r for r in rows if r["envelope_id"] in due]
    assert len(purged_rows) == len(due) and "<>" not in exported
    assert all(r["recipients"].startswith("(Customer, ") for r in purged_rows)
    assert all(r["status"].endswith(" (purged)") for r in purged_rows)
