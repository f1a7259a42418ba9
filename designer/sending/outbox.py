"""The outbox (var/outbox/, no SMTP server or SMS gateway set), read by the designer.

Mails are written there as `<time>-<id>.eml`, text messages (identity codes, development SMS
provider) as `<time>-sms-<id>.txt`. The folder holds every organisation's: a file is this
organisation's only when its audit trail recorded writing it."""

import datetime as dt
import email
import email.policy
import uuid
from pathlib import Path
from typing import Any

from runtime.settings import Settings
from runtime.tables import AuditEvent

OUTBOX_MAILS = ("mail.sent", "identity.code_sent")
"""The audit actions that record writing a file to the outbox (`data.file`)."""

SCANNED = 5000
"""How many of the organisation's newest outbox events are looked through for one file."""

KINDS = {".eml": "Email", ".txt": "Text message (SMS)"}
"""A file's ending -> the type the Outbox shows."""


def _acceptable(name: str) -> bool:
    return name[-4:] in KINDS and "/" not in name and "\\" not in name and not name.startswith(".")


async def _events(organisation_id: uuid.UUID, limit: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.organisation == organisation_id)
            & AuditEvent.action.is_in(list(OUTBOX_MAILS))
        )
        .order_by(AuditEvent.id, ascending=False)
        .limit(limit)
        .output(load_json=True)
    )
    return rows


async def outbox(
    settings: Settings, organisation_id: uuid.UUID, limit: int = 200
) -> list[dict[str, Any]]:
    """This organisation's mails and text messages in the outbox, newest first."""
    items = []
    for event in await _events(organisation_id, limit):
        name = (event["data"] or {}).get("file", "")
        path = settings.outbox_dir / name
        if not name or not _acceptable(name) or not path.is_file():
            continue  # sent by SMTP or a gateway, written before files were recorded, or removed
        items.append(read_mail(path))
    return items


async def outbox_file(settings: Settings, organisation_id: uuid.UUID, name: str) -> Path | None:
    """The file `name` if it is one of this organisation's mails or texts still in the outbox."""
    if not _acceptable(name):
        return None
    path = settings.outbox_dir / name
    if not path.is_file():
        return None
    events = await _events(organisation_id, SCANNED)
    mine = any((e["data"] or {}).get("file") == name for e in events)
    return path if mine else None


def read_mail(path: Path) -> dict[str, Any]:
    """What the Outbox shows of a file: its type, who, what, when, and the text a person
    would read. A text message has no subject: the list shows its first words instead."""
    try:
        written = f"{dt.datetime.strptime(path.name[:15], '%Y%m%dT%H%M%S'):%Y-%m-%d %H:%M:%S}"
    except ValueError:
        written = ""
    common = {"file": path.name, "kind": KINDS[path.suffix], "date": written}
    if path.suffix == ".txt":
        head, _, text = path.read_text(encoding="utf-8", errors="replace").partition("\n\n")
        to = head.removeprefix("To:").strip() if head.startswith("To:") else ""
        first = " ".join(text.split())
        subject = first if len(first) <= 60 else first[:59].rstrip() + "…"
        return {
            **common,
            "sms": True,
            "to": to,
            "sender": "",
            "subject": subject,
            "text": text.rstrip("\n"),
            "attachments": [],
        }
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""  # type: ignore[attr-defined]
    return {
        **common,
        "sms": False,
        "to": str(message["To"] or ""),
        "sender": str(message["From"] or ""),
        "subject": str(message["Subject"] or ""),
        "text": text,
        "attachments": [a.get_filename() or "" for a in message.iter_attachments()],
    }
