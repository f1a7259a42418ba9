"""Who hears about a failed seal: the organisation's active designer administrators; and
about a company stamp to apply by hand: they and the active users the stamp is granted to.

runtime/jobs/failure_mail.py and runtime/stamps/waiting.py mail them but may not import the
designer, so the designer registers these look-ups when it is imported (designer/__init__.py).
"""

import uuid

from designer.tables import DesignerUser
from runtime.jobs.failure_mail import register_admins
from runtime.stamps.waiting import register_users


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


async def active_users(organisation_id: uuid.UUID, user_ids: list[str]) -> list[tuple[str, str]]:
    """(name, email) of those of `user_ids` who are active users of the organisation."""
    ids = []
    for user_id in user_ids:
        try:
            ids.append(uuid.UUID(user_id))
        except ValueError:
            continue  # a grant naming no user: nobody to tell
    if not ids:
        return []
    rows = (
        await DesignerUser.select(DesignerUser.name, DesignerUser.email)
        .where(
            (DesignerUser.organisation == organisation_id)
            & DesignerUser.id.is_in(ids)
            & (DesignerUser.active.eq(True))
        )
        .order_by(DesignerUser.email)
    )
    return [(r["name"], r["email"]) for r in rows]


def register() -> None:
    register_admins(active_admins)
    register_users(active_users)
