"""Who hears about a failed seal: the organisation's active designer administrators.

runtime/jobs/failure_mail.py mails them but may not import the designer, so the designer
registers this look-up when it is imported (designer/__init__.py).
"""

import uuid

from designer.tables import DesignerUser
from runtime.jobs.failure_mail import register_admins


async def active_admins(organisation_id: uuid.UUID) -> list[tuple[str, str]]:
    """(name, email) of every active admin of the organisation, by email."""
    rows = (
        await DesignerUser.select(DesignerUser.name, DesignerUser.email)
        .where(
            (DesignerUser.organisation == organisation_id)
            & (DesignerUser.role == "admin")
            & (DesignerUser.active.eq(True))
        )
        .order_by(DesignerUser.email)
    )
    return [(r["name"], r["email"]) for r in rows]


def register() -> None:
    register_admins(active_admins)
