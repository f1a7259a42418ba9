"""The language of the mails formseal sends a designer user (envelope completed, declined,
expired or voided as its sender; a failed seal as an administrator; their invitation and
password links). Chosen by the user on Your account, or by the administrator who invites
them; "" means not chosen: the template's language for mails about an envelope, English
for mails about their account. The designer's own screens stay English
(docs/decisions/0007-designer-users-mail-language.md).
"""

import uuid

from designer.accounts.service import normalise_email
from designer.editor.languages import english_name
from designer.tables import DesignerUser
from runtime import audit
from runtime.errors import Invalid
from runtime.i18n import LANGUAGES
from runtime.mail.people import register_user_language

NOT_CHOSEN = "Same as the template"
"""Not chosen: the template's language; English for mails about the account (no template)."""


def choices() -> list[tuple[str, str]]:
    """(code, label) for the "Language of your mails" list: not chosen first, then by name."""
    listed = [
        (code, english_name(code) if code == "en" else f"{english_name(code)} — {own}")
        for code, (_, own) in LANGUAGES.items()
    ]
    return [("", NOT_CHOSEN), *sorted(listed, key=lambda item: item[1].casefold())]


def valid(code: str) -> str:
    """The posted code, or Invalid when it is not in the list."""
    code = code.strip()
    if code and code not in LANGUAGES:
        raise Invalid("Choose one of the languages in the list.")
    return code


def label(code: str) -> str:
    return dict(choices()).get(code, code)


async def language_of(email: str) -> str:
    """The code an active designer user with this address chose, or ""."""
    row = (
        await DesignerUser.select(DesignerUser.mail_language)
        .where((DesignerUser.email == normalise_email(email)) & DesignerUser.active.eq(True))
        .first()
    )
    return str(row["mail_language"]) if row else ""


async def set_language(
    organisation_id: uuid.UUID, user_id: uuid.UUID, code: str, *, actor: str
) -> bool:
    """Store a user's choice (audited); False when it was already theirs."""
    code = valid(code)
    changed = (
        await DesignerUser.update({DesignerUser.mail_language: code})
        .where(
            (DesignerUser.id == user_id)
            & (DesignerUser.organisation == organisation_id)
            & (DesignerUser.mail_language != code)
        )
        .returning(DesignerUser.email)
    )
    if changed:
        await audit.record(
            organisation_id,
            "designer.mail_language_changed",
            actor=actor,
            data={"email": changed[0]["email"], "language": code, "language_name": label(code)},
        )
    return bool(changed)


def register() -> None:
    register_user_language(language_of)
