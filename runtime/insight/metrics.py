"""Dashboard figures with SQL aggregates, the same on PostgreSQL and SQLite.

The cohort is the envelopes *sent* in the date range (and matching the other filters):
every figure but the weekly "completed" line is about that cohort. Percentiles are exact
nearest-rank values, each read with one `ORDER BY … LIMIT 1 OFFSET k` query, so both
engines give the same numbers without loading the durations into Python.
"""

import datetime as dt
import math
import uuid
from dataclasses import replace
from typing import Any

from runtime.archive.filters import ArchiveFilter, where_sql
from runtime.insight.sql import seconds_to_complete, week_start
from runtime.tables import Envelope

OUTCOMES = ("completed", "declined", "expired", "voided")
DEFAULT_WEEKS = 12


def default_range(today: dt.date, weeks: int = DEFAULT_WEEKS) -> tuple[dt.date, dt.date]:
    """The last `weeks` whole weeks, Monday to today."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=weeks - 1), today


async def _rows(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    return await Envelope.raw(sql, *values)


async def summary(organisation_id: uuid.UUID, f: ArchiveFilter) -> dict[str, Any]:
    """Sent, viewed, each outcome, the completion rate and time-to-complete percentiles."""
    where, values = where_sql(organisation_id, f)
    where += " AND e.status <> 'draft'"
    by_status = {
        r["status"]: int(r["n"])
        for r in await _rows(
            f"SELECT e.status, count(*) AS n FROM envelope e WHERE {where} GROUP BY e.status",  # noqa: S608
            values,
        )
    }
    viewed_sql = (
        f"SELECT count(*) AS n FROM envelope e WHERE {where} AND EXISTS "  # noqa: S608
        "(SELECT 1 FROM recipient r WHERE r.envelope = e.id AND r.viewed_at IS NOT NULL)"
    )
    viewed = int((await _rows(viewed_sql, values))[0]["n"])
    sent = sum(by_status.values())
    completed = by_status.get("completed", 0)
    p50, p90 = await _percentiles(where, values, (0.5, 0.9))
    return {
        "sent": sent,
        "viewed": viewed,
        "open": by_status.get("sent", 0) + by_status.get("in_progress", 0),
        **{s: by_status.get(s, 0) for s in OUTCOMES},
        "completion_rate": completed / sent if sent else None,
        "median_seconds": p50,
        "p90_seconds": p90,
    }


async def _percentiles(
    where: str, values: list[Any], points: tuple[float, ...]
) -> list[float | None]:
    done = f"{where} AND e.status = 'completed' AND e.completed_at IS NOT NULL"
    n = int((await _rows(f"SELECT count(*) AS n FROM envelope e WHERE {done}", values))[0]["n"])  # noqa: S608
    found: list[float | None] = []
    for p in points:
        if n == 0:
            found.append(None)
            continue
        offset = max(math.ceil(p * n) - 1, 0)  # nearest rank
        rows = await _rows(
            f"SELECT {seconds_to_complete()} AS s FROM envelope e WHERE {done} "  # noqa: S608
            f"ORDER BY s LIMIT 1 OFFSET {offset}",
            values,
        )
        found.append(float(rows[0]["s"]) if rows else None)
    return found


async def weekly(organisation_id: uuid.UUID, f: ArchiveFilter) -> list[dict[str, Any]]:
    """Per week (Monday, UTC): envelopes sent, and envelopes completed, in the range."""
    assert f.date_from and f.date_to
    sent_where, sent_values = where_sql(organisation_id, f)
    done_where, done_values = where_sql(
        organisation_id, replace(f, status="completed"), date_column="e.completed_at"
    )
    sent_week = week_start("e.created_at")
    done_week = week_start("e.completed_at")
    sent = {
        r["week"]: int(r["n"])
        for r in await _rows(
            f"SELECT {sent_week} AS week, count(*) AS n FROM envelope e "  # noqa: S608
            f"WHERE {sent_where} AND e.status <> 'draft' GROUP BY {sent_week}",
            sent_values,
        )
    }
    done = {
        r["week"]: int(r["n"])
        for r in await _rows(
            f"SELECT {done_week} AS week, count(*) AS n FROM envelope e "  # noqa: S608
            f"WHERE {done_where} GROUP BY {done_week}",
            done_values,
        )
    }
    weeks = []
    monday = f.date_from - dt.timedelta(days=f.date_from.weekday())
    while monday <= f.date_to:
        key = monday.isoformat()
        weeks.append({"week": key, "sent": sent.get(key, 0), "completed": done.get(key, 0)})
        monday += dt.timedelta(weeks=1)
    return weeks


async def signer_steps(organisation_id: uuid.UUID, f: ArchiveFilter) -> list[dict[str, Any]]:
    """Signers of the cohort grouped by role, steps finished, opened and outcome.

    `recipient.current_step` is how many wizard steps the signer has finished (it only
    grows), so it says where each signer stopped without an event per page view."""
    where, values = where_sql(organisation_id, f)
    rows = await _rows(
        "SELECT r.role, r.current_step AS steps, r.status, "  # noqa: S608
        "CASE WHEN r.viewed_at IS NULL THEN 0 ELSE 1 END AS opened, count(*) AS n "
        f"FROM recipient r JOIN envelope e ON e.id = r.envelope "
        f"WHERE {where} AND e.status <> 'draft' AND r.kind = 'signer' "
        "AND r.status NOT IN ('pending', 'skipped') "
        "GROUP BY r.role, r.current_step, r.status, "
        "CASE WHEN r.viewed_at IS NULL THEN 0 ELSE 1 END",
        values,
    )
    return [
        {
            "role": r["role"],
            "steps": int(r["steps"]),
            "status": r["status"],
            "opened": bool(int(r["opened"])),
            "n": int(r["n"]),
        }
        for r in rows
    ]
