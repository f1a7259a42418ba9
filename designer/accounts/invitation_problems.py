"""Failed invitation and new-password mails on Settings → Problems.

The Problems page (runtime/jobs/problems.py) knows only runtime's job kinds; the designer's
`designer_invitation_mail` job points at a designer invitation, which runtime may not read
(`runtime/` never imports `designer/`). So the designer registers this look-up, as it does
its handler (designer/accounts/invitation_mail.py): whose each failed mail is (the invited
user's organisation, so another organisation's never shows) and what its row says.
"""

import uuid
from typing import Any

from designer.tables import DesignerInvitation
from runtime.clock import utcnow
from runtime.jobs.registry import Owned


def _id(job: dict[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(str((job["payload"] or {}).get("invitation_id")))
    except ValueError:
        return None


async def owners(jobs: list[dict[str, Any]]) -> dict[int, Owned]:
    """job id -> Owned for the mails still worth sending: a link used, expired or replaced
    by a newer one (its row is then gone) would not be mailed by a retry, so it is left out;
    the Users screen offers a new invitation instead."""
    wanted = {job["id"]: i for job in jobs if (i := _id(job)) is not None}
    if not wanted:
        return {}
    rows = {
        r["id"]: r
        for r in await DesignerInvitation.select(
            DesignerInvitation.id,
            DesignerInvitation.purpose,
            DesignerInvitation.used_at,
            DesignerInvitation.expires_at,
            DesignerInvitation.user.email.as_alias("email"),  # type: ignore[attr-defined,union-attr]
            DesignerInvitation.user.organisation.as_alias("organisation"),  # type: ignore[attr-defined,union-attr]
            DesignerInvitation.user.organisation.name.as_alias("organisation_name"),  # type: ignore[attr-defined,union-attr]
        ).where(DesignerInvitation.id.is_in(list(set(wanted.values()))))
    }
    now = utcnow()
    found: dict[int, Owned] = {}
    for job_id, invitation_id in wanted.items():
        row = rows.get(invitation_id)
        if row is None or row["used_at"] is not None or row["expires_at"] <= now:
            continue
        found[job_id] = Owned(row["organisation"], _what(row))
    return found


def _what(row: dict[str, Any]) -> str:
    if row["purpose"] == "invite":
        return f"Invitation to join {row['organisation_name']} sent to {row['email']}"
    return f"Link to choose a new password sent to {row['email']}"
