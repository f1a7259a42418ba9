"""`formseal retention purge`: apply the retention periods now, from a terminal.

The worker does the same sweep once an hour (runtime/archive/jobs.py); an administrator who
has just shortened a period, or an operator before taking a backup that must not hold the
personal data any more, should not have to wait for the hour. Safe beside running workers:
purging an envelope already purged does nothing.
"""

from __future__ import annotations

from typing import Any

import click


@click.group("retention")
def retention() -> None:
    """Retention periods: purge what has passed its period now (the worker does it hourly)."""


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list the envelopes that are due.")
def retention_purge(dry_run: bool) -> None:
    """Purge every finished envelope past its template's retention period, in every
    organisation: its files and personal data go, an audit stub stays."""
    from runtime.archive.purge import purge_envelope
    from runtime.archive.retention import due_envelopes
    from runtime.cli import _run
    from runtime.clock import utcnow
    from runtime.settings import get_settings

    settings = get_settings()

    async def work() -> tuple[list[dict[str, Any]], int]:
        due = await due_envelopes(utcnow(), limit=1_000_000)
        purged = 0
        for row in [] if dry_run else due:
            purged += await purge_envelope(settings, row["id"], days=row["retention_days"])
        return due, purged

    due, purged = _run(settings, work)
    for row in due:
        click.echo(
            f"{row['id']}  sent {row['created_at']:%Y-%m-%d}  kept {row['retention_days']} days"
        )
    if dry_run:
        click.echo(
            f"{len(due)} envelope(s) past their retention period; nothing purged (--dry-run)."
        )
    else:
        click.echo(f"Purged {purged} envelope(s) past their retention period.")
