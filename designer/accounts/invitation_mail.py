"""The `designer_invitation_mail` job: mail one "Choose your password" link.

The link is built when the job runs (designer/accounts/invitations.py), so neither the job's
payload nor the database ever holds it. A link used, expired or replaced by a newer one
before the job runs is not mailed. The designer registers this handler with the worker when
it is imported (designer/__init__.py), as it does the failed-seal administrators.
"""

import uuid
from concurrent.futures import Executor
from typing import Any

from designer.accounts.invitations import JOB, VALID_DAYS, link_for
from designer.accounts.roles import LABELS
from designer.tables import DesignerInvitation
from runtime import audit
from runtime.branding.resolve import brand_for_organisation
from runtime.clock import utcnow
from runtime.i18n.dates import format_datetime
from runtime.jobs.registry import register_handler
from runtime.mail.compose import compose
from runtime.mail.transport import deliver, outbox_file
from runtime.settings import Settings


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
        )
        .where(DesignerInvitation.id == uuid.UUID(payload["invitation_id"]))
        .first()
    )
    if row is None or row["used_at"] is not None or row["expires_at"] <= utcnow():
        return  # replaced, used or expired meanwhile: nothing to send
    organisation = row["user.organisation"]
    brand = await brand_for_organisation(organisation)
    kind = "designer_invitation" if row["purpose"] == "invite" else "designer_password_link"
    message = compose(
        settings,
        kind,
        to_name=row["user.name"],
        to_email=row["user.email"],
        sender_name=brand.legal_name,
        context={
            "name": row["user.name"],
            "email": row["user.email"],
            "role": LABELS.get(row["user.role"], row["user.role"]),
            "invited_by": row["sent_by"],
            "url": link_for(settings, row["id"], row["token_salt"]),
            "days": VALID_DAYS,
            "expires_at": format_datetime(row["expires_at"]),
            "designer_url": settings.base_url.rstrip("/") + "/designer/",
        },
        brand=brand,
    )
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


def register() -> None:
    register_handler(JOB, send_invitation)
