"""A failed or stuck job in an administrator's words: what it was, and why it failed.

The worker stores the exception as Python printed it ("aiosmtplib.errors.SMTPRecipientsRefused:
[SMTPRecipientRefused(550, '5.1.1 …', 'ana@example.com')]"); the Problems page
(runtime/jobs/problems.py) shows it as a sentence an administrator can act on.
"""

import re
from typing import Any

from runtime.jobs.stuck import reason_in_words

MAILS = {
    "invitation": "Invitation email",
    "reminder": "Reminder email",
    "expiry_warning": "Expiry warning email",
    "completed": "Signed-document email",
    "declined": "Declined notice email",
    "voided": "Void notice email",
    "expired": "Expiry notice email",
    "seal_failed": "Failed-seal alert email",
    "stamp_by_hand": "Company stamp to apply by hand email",
}
"""The `mail` job's `mail` payload key, as its row names it."""

OTHER_KINDS = {
    "remind": "Scheduling the next reminder",
    "expire": "Expiring the envelope at its date",
    "expiry_warning": "Warning before expiry",
    "bulk_send": "Bulk send",
    "auto_sign": "Company stamp (auto-sign)",
    "seal": "Sealing",
}

_SMTP_ANSWER = re.compile(r"\((\d{3}), '((?:[^'\\]|\\.)*)'")


def what(kind: str, payload: dict[str, Any], *, to: str = "", document: str = "") -> str:
    """ "Invitation email to ana@example.com", "Webhook delivery to https://… (envelope.completed)"."""
    of = f" for “{document}”" if document else ""
    if kind == "mail":
        label = MAILS.get(str(payload.get("mail", "")), "Email")
        return f"{label} to {to}{of}" if to else f"{label}{of}"
    if kind == "webhook":
        return f"Webhook delivery to {to}" if to else "Webhook delivery"
    return f"{OTHER_KINDS.get(kind, kind.replace('_', ' ').capitalize())}{of}"


def mail_reason(error: str) -> str:
    """An SMTP failure as a sentence; anything else as the worker wrote it, minus the
    exception's dotted name."""
    answer = _SMTP_ANSWER.search(error)
    said = f" It answered: {answer.group(1)} {answer.group(2)}" if answer else ""
    said = said.rstrip(".") + "." if said else ""
    if "SMTPRecipientRefused" in error or "SMTPRecipientsRefused" in error:
        return "The mail server refused this address; check it and correct it." + said
    if "SMTPSenderRefused" in error:
        return "The mail server refused formseal's sender address (FORMSEAL_MAIL_FROM)." + said
    if "SMTPAuthenticationError" in error:
        return "The mail server refused formseal's user name or password (FORMSEAL_SMTP_*)."
    if "FORMSEAL_SMTP_TLS=" in error:  # runtime/mail/transport.py: the server is there
        return error[error.index("FORMSEAL_SMTP_TLS=") :]
    if "SMTPConnectError" in error or "SMTPServerDisconnected" in error:
        return "formseal could not reach the mail server; it may be down or its address wrong."
    if "SMTPTimeoutError" in error or "TimeoutError" in error:
        return "The mail server did not answer in time."
    if "SMTPDataError" in error:
        return "The mail server refused the message." + said
    return ""


def reason(kind: str, job: dict[str, Any], state: str, delivery_error: str = "") -> str:
    """Why it failed, or that it waits: the words the Problems page shows."""
    error = (job.get("last_error") or "").strip()
    if state == "slow" and not error:
        return (
            "Not started: no job worker has taken it for more than 15 minutes. Is one running "
            "(formseal worker, or formseal serve without FORMSEAL_RUN_WORKER=false)?"
        )
    if kind == "webhook" and delivery_error:
        return delivery_error  # the delivery log's own words ("The receiver answered 500.")
    if kind == "mail" and (worded := mail_reason(error)):
        return worded
    return reason_in_words(job, state)
