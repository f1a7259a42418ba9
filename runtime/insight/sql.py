"""The few SQL expressions that differ between PostgreSQL and SQLite."""

from runtime.archive.filters import is_postgres


def seconds_to_complete(alias: str = "e") -> str:
    """Seconds from sending (the envelope's creation) to completion."""
    if is_postgres():
        return f"EXTRACT(EPOCH FROM ({alias}.completed_at - {alias}.created_at))"
    return f"((julianday({alias}.completed_at) - julianday({alias}.created_at)) * 86400.0)"


def week_start(column: str) -> str:
    """The Monday (UTC) of the week holding `column`, as text YYYY-MM-DD."""
    if is_postgres():
        return f"to_char(date_trunc('week', {column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"
    return f"date({column}, '-6 days', 'weekday 1')"
