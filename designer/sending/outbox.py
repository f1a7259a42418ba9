"""One mail of the outbox (var/outbox/, no SMTP server set), opened by an administrator.

The folder holds every organisation's mails; a file is this organisation's only when its
audit trail recorded writing it (as the Outbox list reads them)."""

import datetime as dt
import email
import email.policy
import uuid
from pathlib import Path
from typing import Any

from designer.sending.service import OUTBOX_MAILS
from runtime.settings import Settings
from runtime.tables import AuditEvent

SCANNED = 5000
"""How many of the organisation's newest mail events are looked through for the file."""


async def outbox_file(settings: Settings, organisation_id: uuid.UUID, name: str) -> Path | None:
    """The file `name` if it is one of this organisation's mails still in the outbox."""
    if not name.endswith(".eml") or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = settings.outbox_dir / name
    if not path.is_file():
        return None
    events = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.organisation == organisation_id)
            & AuditEvent.action.is_in(list(OUTBOX_MAILS))
        )
        .order_by(AuditEvent.id, ascending=False)
        .limit(SCANNED)
        .output(load_json=True)
    )
    mine = any((e["data"] or {}).get("file") == name for e in events)
    return path if mine else None


def read_mail(path: Path) -> dict[str, Any]:
    """What the mail page shows: who, what, when, and the text a person would read."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""  # type: ignore[attr-defined]
    written = dt.datetime.strptime(path.name[:15], "%Y%m%dT%H%M%S")
    return {
        "file": path.name,
        "to": str(message["To"] or ""),
        "sender": str(message["From"] or ""),
        "subject": str(message["Subject"] or ""),
        "date": f"{written:%Y-%m-%d %H:%M:%S}",
        "text": text,
        "attachments": [a.get_filename() or "" for a in message.iter_attachments()],
    }
