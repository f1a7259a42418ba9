"""The filters shared by the archive, the exports and the dashboard, as one SQL condition.

Raw SQL (with piccolo's `{}` placeholders) because the full-text part differs by engine:
PostgreSQL matches `to_tsquery` prefixes against a GIN expression index, SQLite matches
word prefixes with LIKE on the same folded document (runtime/archive/document.py).
"""

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from runtime.archive.document import words
from runtime.envelopes.origin import MAKERS, UNKNOWN
from runtime.envelopes.states import STATUSES as STATUSES  # the one order (states.py)
from runtime.errors import Invalid
from runtime.tables import Envelope

MAX_QUERY_WORDS = 8
REFERENCE = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{0,12}){0,4}")


@dataclass(frozen=True)
class ArchiveFilter:
    """What the user asked for; every field is optional. Dates are whole UTC days."""

    q: str = ""
    status: str = ""
    template_id: uuid.UUID | None = None
    sender: str = ""
    team: str = ""
    """The sender's email domain: formseal has no teams, domains stand in for them."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tag: str = ""
    made_by: str = ""
    """What made the envelopes without a sender's email ("cli", "api", …, "unknown":
    runtime/envelopes/origin.py); the screens' Sender filter, as `sender=cli`."""
    query_words: list[str] = field(default_factory=list)
    reference: str = ""
    """`q` when it looks like an envelope's reference (its id, or its first 8+ characters):
    matched against the id as well as the words, so a reference read out on the phone or
    copied from a sealed PDF finds its envelope."""

    def as_params(self) -> dict[str, str]:
        """The filter as query parameters (for links that keep it)."""
        values = {
            "q": self.q,
            "status": self.status,
            "template_id": str(self.template_id) if self.template_id else "",
            "sender": self.sender or self.made_by,
            "team": self.team,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "tag": self.tag,
        }
        return {k: v for k, v in values.items() if v}


def parse_filter(
    params: Mapping[str, Any], labels: Mapping[str, str] | None = None, *, makers: bool = False
) -> ArchiveFilter:
    """Read query parameters; wrong values raise one Invalid naming each parameter in
    `errors` (its `detail` is the first one's message).

    The API's messages name the parameters ('from'); a screen passes `labels` (parameter ->
    the label beside its box, e.g. {"from": "Sent from"}) to word them as the person reads
    the form ("“Sent from” must be …"). `errors[].parameter` is the parameter either way.
    With `makers` (the screens), a `sender` that is not an email names what made the
    envelopes without one (`made_by`: "cli", "unknown"…); the API's `sender` stays an email."""

    def value(name: str, limit: int = 200) -> str:
        raw = params.get(name) or ""
        if isinstance(raw, list):
            raw = raw[-1] if raw else ""
        return str(raw).strip()[:limit]

    def called(name: str) -> str:
        return f"“{labels[name]}”" if labels and name in labels else f"'{name}'"

    errors: list[dict[str, str]] = []  # every wrong filter, not only the first
    q = value("q", 300)
    status = value("status")
    if status and status not in STATUSES:
        if labels:
            message = f"{called('status')} cannot be “{status}”: choose one from the list."
        else:
            message = f"Unknown status '{status}'. Use one of: {', '.join(STATUSES)}."
        errors.append(_problem("status", message))
    template_id = None
    if value("template_id"):
        try:
            template_id = uuid.UUID(value("template_id"))
        except ValueError:
            message = "template_id must be a template's id (a UUID)."
            if labels:
                message = f"{called('template_id')} must be one of the list's templates."
            errors.append(_problem("template_id", message))
    date_from = _date(value("from"), "from", called("from"), errors)
    date_to = _date(value("to"), "to", called("to"), errors)
    if date_from and date_to and date_to < date_from:
        errors.append(
            _problem("to", f"The {called('to')} date is before the {called('from')} date.")
        )
    team = value("team").lower().lstrip("@")
    sender, made_by = value("sender", 254).lower(), ""
    if makers and sender and "@" not in sender:
        sender, made_by = "", sender
        if made_by not in MAKERS:
            message = f"{called('sender')} cannot be “{made_by}”: choose one from the list."
            errors.append(_problem("sender", message))
    found = words(q)
    if len(found) > 1:  # a one-letter prefix matches nearly everything: drop it
        found = [w for w in found if len(w) > 1] or found
    if len(found) > MAX_QUERY_WORDS:
        errors.append(_problem("q", f"Search for at most {MAX_QUERY_WORDS} words at a time."))
    if errors:  # `detail` is the first (a screen shows it); `errors` holds each
        raise Invalid(errors[0]["message"], extra={"errors": errors})
    return ArchiveFilter(
        q=q,
        status=status,
        template_id=template_id,
        sender=sender,
        made_by=made_by,
        team=team,
        date_from=date_from,
        date_to=date_to,
        tag=value("tag", 40).lower(),
        query_words=found,
        reference=q.lower() if REFERENCE.fullmatch(q) else "",
    )


def _problem(name: str, message: str) -> dict[str, str]:
    """An `errors` item naming the filter, shaped like the API's other parameter errors."""
    return {"parameter": name, "message": message}


def _date(text: str, name: str, called: str, errors: list[dict[str, str]]) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(_problem(name, f"{called} must be a date like 2026-01-31."))
        return None


def is_postgres() -> bool:
    return isinstance(Envelope._meta.db, PostgresEngine)


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def timestamp_param(moment: dt.datetime) -> Any:
    """PostgreSQL takes datetimes; SQLite stores text like '2026-11-27 03:01:29.02+00:00'."""
    if is_postgres():
        return moment
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")


def where_sql(
    organisation_id: uuid.UUID, f: ArchiveFilter, *, alias: str = "e", date_column: str = ""
) -> tuple[str, list[Any]]:
    """`(condition, values)` over `envelope AS <alias>`; the dates filter `created_at`.

    Every value travels as a bound parameter (`{}`); only our own column names and
    aliases are spliced into the text, which is why ruff's S608 is silenced below."""
    column = date_column or f"{alias}.created_at"
    parts = [f"{alias}.organisation = {{}}"]
    values: list[Any] = [organisation_id]
    if f.status:
        parts.append(f"{alias}.status = {{}}")
        values.append(f.status)
    if f.template_id:
        parts.append(
            f"{alias}.template_version IN (SELECT id FROM template_version WHERE template = {{}})"  # noqa: S608
        )
        values.append(f.template_id)
    if f.sender:
        parts.append(f"lower({alias}.sender_email) = {{}}")
        values.append(f.sender)
    if f.made_by:  # no sender's email, and what made it
        parts.append(f"{alias}.sender_email = ''")
        known = [v for v in MAKERS if v != UNKNOWN]
        if f.made_by == UNKNOWN:
            parts.append(f"{alias}.sent_via NOT IN ({', '.join('{}' for _ in known)})")
            values += known
        else:
            parts.append(f"{alias}.sent_via = {{}}")
            values.append(f.made_by)
    if f.team:
        parts.append(f"lower({alias}.sender_email) LIKE {{}} ESCAPE '\\'")
        values.append("%@" + _escape_like(f.team))
    if f.date_from:
        parts.append(f"{column} >= {{}}")
        values.append(timestamp_param(day_start(f.date_from)))
    if f.date_to:
        parts.append(f"{column} < {{}}")
        values.append(timestamp_param(day_start(f.date_to) + dt.timedelta(days=1)))
    if f.tag:
        parts.append(
            f"EXISTS (SELECT 1 FROM envelope_tag t WHERE t.envelope = {alias}.id AND t.tag = {{}})"  # noqa: S608
        )
        values.append(f.tag)
    searching, searched = _search_match(f, alias)
    return " AND ".join(parts + searching), values + searched


def _search_match(f: ArchiveFilter, alias: str) -> tuple[list[str], list[Any]]:
    """The conditions of the searched words (and the tag's: on PostgreSQL the GIN index
    narrows the rows before where_sql's exact EXISTS checks the tag itself), or of a
    reference: the envelope's id or the words, whichever matches."""
    terms = [f"{w}:*" for w in f.query_words] + words(f.tag)
    matching: list[str] = []
    matched: list[Any] = []
    if is_postgres() and terms:
        matching.append(f"{alias}.search_tsv @@ to_tsquery('simple'::regconfig, {{}})")
        matched.append(" & ".join(terms))
    elif f.query_words:
        for word in f.query_words:  # SQLite: word prefixes in the folded document
            matching.append(f"{alias}.search_document LIKE {{}}")
            matched.append(f"% {word}%")
    if f.reference and matching:
        id_text = f"CAST({alias}.id AS TEXT)" if is_postgres() else f"{alias}.id"
        condition = f"({id_text} LIKE {{}} OR ({' AND '.join(matching)}))"
        return [condition], [f.reference + "%", *matched]  # hex digits and dashes only
    return matching, matched


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
