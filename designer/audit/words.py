"""The organisation's own audit events in words: 'Set a new password for kim@example.com',
not 'designer.user_password_set'. Envelope events are worded on the envelope's page."""

import string
from typing import Any

from designer.accounts.roles import LABELS
from runtime.branding.fonts import FONTS

WORDS = {
    "designer.login": "Signed in",
    "designer.login_failed": "Wrong password ({failures_in_a_row} in a row)",
    "designer.account_locked": "Account locked for {minutes} minutes after wrong passwords",
    "designer.login_refused": "Sign-in refused: the account is locked or deactivated",
    "designer.sso_linked": "Linked to single sign-on",
    "designer.two_step_asked": "Right password; asked for the two-step verification code",
    "designer.two_step_failed": "Wrong two-step verification code ({failures_in_a_row} in a row)",
    "designer.two_step_unreadable": "A two-step verification code could not be checked: the "
    "server's secret key has changed since it was turned on",
    "designer.two_step_on": "Turned on two-step verification",
    "designer.two_step_off": "Turned off two-step verification",
    "designer.recovery_codes_renewed": "Got new recovery codes for two-step verification",
    "designer.user_two_step_reset": "Turned off two-step verification for {email}",
    "designer.user_created": "Added {email} as {role}",
    "designer.user_role_changed": "Changed the role of {email} from {from} to {to}",
    "designer.user_deactivated": "Deactivated {email}",
    "designer.user_reactivated": "Reactivated {email}",
    "designer.user_unlocked": "Unlocked {email}",
    "designer.user_password_set": "Set a new password for {email}",
    "designer.user_invited": "Queued an email inviting {email} to choose a password "
    "(the link works {days} days)",
    "designer.password_link_sent": "Queued an email to {email} with a link to choose a new "
    "password (it works {days} days)",
    "designer.invitation_used": "{email} chose a password through an emailed link",
    "designer.mail_language_changed": "Set the language of {email}'s mails to {language_name}",
    "organisation.api_key_created": "Created the API key “{name}” ({prefix}…)",
    "organisation.api_key_revoked": "Revoked the API key “{name}” ({prefix}…)",
    "organisation.brand_changed": "Changed the brand",
    "organisation.consent_text": "Changed the consent wording",
    "organisation.embedding_changed": "Changed the embedding settings",
    "organisation.embedding_turned_off": "Turned embedding off",
    "organisation.legal_name_changed": "Changed the legal name",
    "organisation.two_step_required": "Required two-step verification for password sign-in",
    "organisation.two_step_not_required": "Left two-step verification up to each user",
    "organisation.subsidiary_created": "Added a subsidiary",
    "template.published": "Published a template (version {version})",
    "template.archived": "Archived a template",
    "template.restored": "Restored a template",
    "template.retention_set": "Changed a template's retention period",
    "template.sharing_changed": "Changed a template's sharing with subsidiaries",
    "stamp.uploaded": "Uploaded a company stamp",
    "stamp.deactivated": "Deactivated a company stamp",
    "stamp.default_set": "Changed the default company stamp",
    "stamp.permissions_changed": "Changed who may apply a company stamp",
    "retention.purged": "Deleted documents past their retention period",
    "bulk_send.queued": "Queued a bulk send",
    "webhook.endpoint_added": "Added the webhook endpoint {url}",
    "webhook.endpoint_removed": "Removed the webhook endpoint {url}",
    "webhook.secret_rotated": "Gave a webhook endpoint a new signing secret",
    "webhook.delivery_retried": "Sent the {event_type} webhook delivery to {url} again "
    "(Settings → Problems)",
    "webhook.delivery_resent": "Sent the {event_type} webhook delivery to {url} again "
    "(Settings → Webhooks)",
    "mail.sent": "Emailed {to} {mail}",
    "mail.retried": "Tried a failed email again: {what} (Settings → Problems)",
    "job.retried": "Tried failed work again: {what} (Settings → Problems)",
}


MAILS = {
    "designer_invitation": "an invitation to choose a password",
    "designer_password_link": "a link to choose a new password",
    "seal_failed": "that sealing an envelope failed",
    "stamp_by_hand": "that a company stamp waits to be applied by hand",
}
"""The mails sent outside envelopes, by what they said ("Sent" alone named neither)."""


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


NAMED = {
    "template.published": "Published “{template}” (version {version})",
    "template.archived": "Archived “{template}”",
    "template.restored": "Restored “{template}”",
    "template.sharing_changed": "Changed the sharing of “{template}” with subsidiaries",
}
"""The template events' words once the trail screen has looked up the template's name
(designer/audit/templates.py); WORDS when it is gone."""


def _retention_set(data: dict[str, Any]) -> str | None:
    """'Set the retention period of “NDA” to 30 days (before: 60 days)'; events from before
    the name and the old period were recorded say the new period only."""
    if "days" not in data:
        return None
    days, before = data["days"], data.get("previous_days")
    of = f"of “{data['template']}”" if data.get("template") else "of a template"
    was = ""
    if "previous_days" in data:
        was = " (before: kept for ever)" if before is None else f" (before: {before} days)"
    if days is None:
        return f"Removed the retention period {of}{was}: envelopes are kept for ever"
    return f"Set the retention period {of} to {days} days{was}"


def _retention_purged(data: dict[str, Any]) -> str | None:
    """'Deleted an envelope of “NDA” past its retention period of 30 days'."""
    if "days" not in data:
        return None
    of = f" of “{data['template']}”" if data.get("template") else ""
    return f"Deleted an envelope{of} past its retention period of {data['days']} days"


def _brand_changed(data: dict[str, Any]) -> str | None:
    """'Changed the brand: colour #0b5d3b, font Serif (…), the installation's theme, a new
    logo': what the brand was saved as (it said "Changed the brand" only)."""
    if "colour" not in data:
        return None
    font = FONTS.get(data.get("font") or "")
    parts = [
        f"colour {data['colour']}" if data["colour"] else "the theme's colour",
        f"font {font.label}" if font else "the theme's font",
        f"theme {data['theme']}" if data.get("theme") else "the installation's theme",
    ]
    logo = {"new": "a new logo", "removed": "the logo removed"}.get(data.get("logo") or "")
    return "Changed the brand: " + ", ".join(parts + ([logo] if logo else []))


def _mail_written(data: dict[str, Any]) -> str | None:
    """A mail that went to var/outbox/ (no SMTP server) was not emailed to anyone."""
    if data.get("via") != "outbox":
        return None
    mail = _label("mail", data.get("mail", ""))
    return (
        f"Wrote {mail} for {data.get('to', '?')} to the server's outbox (not sent: no SMTP server)"
    )


def _login(data: dict[str, Any]) -> str | None:
    """'Signed in with a recovery code (7 left)' after two-step verification."""
    if data.get("two_step") == "app":
        return "Signed in (password and a code from the authenticator app)"
    if data.get("two_step") == "recovery code":
        left = data.get("recovery_codes_left", "?")
        return f"Signed in with a password and a recovery code ({left} left)"
    return None


SPECIAL = {
    "designer.login": _login,
    "organisation.brand_changed": _brand_changed,
    "template.retention_set": _retention_set,
    "retention.purged": _retention_purged,
    "mail.sent": _mail_written,
}
"""Actions whose sentence depends on what was recorded (None: the WORDS pattern)."""


def event_words(action: str, data: dict[str, Any]) -> str:
    """One event as a sentence; an action without words yet still reads as words."""
    special = SPECIAL.get(action)
    if special is not None and (said := special(data or {})) is not None:
        return said
    pattern = NAMED.get(action) if (data or {}).get("template") else None
    pattern = pattern or WORDS.get(action)
    if pattern is None:
        subject, _, what = action.partition(".")
        return (what or subject).replace("_", " ").capitalize()
    values = _Blank({k: _label(k, v) for k, v in (data or {}).items()})
    return string.Formatter().vformat(pattern, (), values)


def _label(key: str, value: Any) -> Any:
    """Roles by the names the users screen gives them (Administrator, not admin)."""
    if key in ("role", "from", "to") and isinstance(value, str):
        return LABELS.get(value, value)
    if key == "mail" and isinstance(value, str):
        return MAILS.get(value, f"a mail ({value.replace('_', ' ')})")
    return value
