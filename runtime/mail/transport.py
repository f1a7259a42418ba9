"""Delivering a composed message: SMTP when configured, otherwise a file in var/outbox/."""

import uuid
from email.message import EmailMessage

import aiosmtplib

from runtime.clock import utcnow
from runtime.settings import Settings

SMTP_TIMEOUT_SECONDS = 30
OUTBOX = "outbox/"


def outbox_file(where: str) -> dict[str, str]:
    """For the audit record of a mail: the outbox file it was written to, if any, so the
    designer's outbox lists each organisation's own mails only."""
    return {"file": where.removeprefix(OUTBOX)} if where.startswith(OUTBOX) else {}


async def deliver(settings: Settings, message: EmailMessage) -> str:
    """Send `message`; returns where it went (for the audit trail)."""
    if not settings.smtp_host:
        settings.outbox_dir.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        path = settings.outbox_dir / name
        tmp = path.with_suffix(".part")
        tmp.write_bytes(bytes(message))
        tmp.replace(path)
        return OUTBOX + name
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            start_tls=settings.smtp_tls == "starttls",
            use_tls=settings.smtp_tls == "tls",
            timeout=SMTP_TIMEOUT_SECONDS,
        )
    except aiosmtplib.SMTPException as exc:
        hint = _tls_hint(settings, exc)
        # (both take the message alone; the same class keeps the Problems page's wording)
        if hint and type(exc) in (aiosmtplib.SMTPException, aiosmtplib.SMTPConnectError):
            raise type(exc)(f"{exc} {hint}") from exc
        raise
    return f"smtp://{settings.smtp_host}:{settings.smtp_port}"


def _tls_hint(settings: Settings, exc: Exception) -> str:
    """What to change when FORMSEAL_SMTP_TLS does not match the server's port: the errors
    alone ("[SSL: WRONG_VERSION_NUMBER] wrong version number", "SMTP STARTTLS extension not
    supported by server.") do not name the setting."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    if settings.smtp_tls == "tls" and "SSL" in str(exc):
        return (
            f"FORMSEAL_SMTP_TLS=tls expects TLS from the first byte (port 465), which {where} "
            "does not speak: for a server that offers STARTTLS (port 587) set starttls."
        )
    if settings.smtp_tls == "starttls" and "STARTTLS extension not supported" in str(exc):
        return (
            f"FORMSEAL_SMTP_TLS=starttls, but {where} does not offer STARTTLS: use the port "
            "that does (often 587), or tls for port 465."
        )
    return ""
