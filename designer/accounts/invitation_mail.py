"""The `designer_invitation_mail` job: mail one "Choose your password" link.

It is written in the language chosen for the user's mails (designer/accounts/mail_language.py),
else English. The link is built when the job runs (designer/accounts/invitations.py), so
neither the job's payload nor the database ever holds it. A link used, expired or replaced by a newer one
before the job runs is not mailed. The designer registers this handler with the worker when
it is imported (designer/__init__.py), as it does the failed-seal administrators, and how
Settings → Problems lists a failed one (designer/accounts/invitation_problems.py).
"""

import uuid
from concurrent.futures import Executor
from email.message import EmailMessage
from typing import Any

from designer.accounts.invitation_problems import owners
from designer.accounts.invitations import JOB, VALID_DAYS, link_for
from designer.accounts.roles import ADMIN, AUTHOR, SENDER, VIEWER
from designer.tables import DesignerInvitation
from runtime import audit
from runtime.branding.brand import Brand
from runtime.branding.resolve import brand_for_organisation
from runtime.clock import utcnow
from runtime.i18n import N_, gettext, use_language
from runtime.i18n.dates import format_datetime_minutes
from runtime.jobs.registry import register_handler, register_problem_owners
from runtime.mail.compose import compose
from runtime.mail.transport import deliver, outbox_file
from runtime.settings import Settings

ROLE_WORDS = {
    ADMIN: N_("Administrator"),
    AUTHOR: N_("Author"),
    SENDER: N_("Sender"),
    VIEWER: N_("Viewer"),
}
"""The roles as the users screen names them (designer/accounts/roles.py LABELS), translated
for the mail: it is written in the language the user's account has for mails."""


async def send_invitation(
    settings: Settings, payload: dict[str, Any], executor: Executor | None
) -> None:
    row = (
        await DesignerInvitation.select(
            *DesignerInvitation.all_columns(),
            DesignerInvitation.user.email,
            DesignerInvitation.user.name,
            DesignerInvitation.user.role,
            DesignerInvitation.user.organisation,
            DesignerInvitation.user.mail_language,
        )
        .where(DesignerInvitation.id == uuid.UUID(payload["invitation_id"]))
        .first()
    )
    if row is None or row["used_at"] is not None or row["expires_at"] <= utcnow():
        return  # replaced, used or expired meanwhile: nothing to send
    organisation = row["user.organisation"]
    brand = await brand_for_organisation(organisation)
    kind = "designer_invitation" if row["purpose"] == "invite" else "designer_password_link"
    # in the language chosen for their mails (by the administrator who invited them, or on
    # their account), else English: an account has no template to take a language from
    with use_language(row["user.mail_language"] or None):
        message = _compose(settings, kind, row, brand)
    where = await deliver(settings, message)
    await audit.record(
        organisation,
        "mail.sent",
        data={
            "mail": kind,
            "to": row["user.email"],
            "via": where.split("/")[0],
            **outbox_file(where),
        },
    )


def _compose(settings: Settings, kind: str, row: dict[str, Any], brand: Brand) -> EmailMessage:
    role = row["user.role"]
    return compose(
        settings,
        kind,
        to_name=row["user.name"],
        to_email=row["user.email"],
        sender_name=brand.legal_name,
        context={
            "name": row["user.name"],
            "email": row["user.email"],
            "role": gettext(ROLE_WORDS[role]) if role in ROLE_WORDS else role,
            "invited_by": row["sent_by"],
            "url": link_for(settings, row["id"], row["token_salt"]),
            "days": VALID_DAYS,
            "expires_at": format_datetime_minutes(row["expires_at"]),
            "designer_url": settings.base_url.rstrip("/") + "/designer/",
        },
        brand=brand,
    )


def register() -> None:
    register_handler(JOB, send_invitation)
    register_problem_owners(JOB, owners)  # a failed one is listed on Settings → Problems
