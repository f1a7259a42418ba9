"""/designer/admin/seals: envelopes whose seal (or company stamp) failed or is late.

"Retry now" (and "Try sealing again" on the envelope's page, which comes back there)
re-queues the job idempotently (runtime/jobs/stuck.py) and is audited; the
list is scoped to the signed-in administrator's organisation.
"""

import uuid

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import form_data, page, text
from runtime.jobs.stuck import OUTCOMES, PENDING_TOO_LONG, retry_envelope, stuck_envelopes


class SealsAdminController(Controller):
    path = "/admin/seals"
    guards = [requires_role("admin")]

    @get("/")
    async def index(
        self, current_user: CurrentUser, outcome: str = "", envelope: str = ""
    ) -> Template:
        return page(
            "admin_seals.html",
            current_user,
            nav="seals",
            rows=await stuck_envelopes(current_user.organisation_id),
            notice=OUTCOMES.get(outcome, ""),
            retried=envelope[:36] if outcome in OUTCOMES else "",
            minutes=int(PENDING_TOO_LONG.total_seconds() // 60),
        )

    @post("/{envelope_id:uuid}/retry")
    async def retry(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Redirect:
        outcome = await retry_envelope(
            current_user.organisation_id, envelope_id, actor=current_user.email
        )
        if text(await form_data(request), "back") == "envelope":  # "Try sealing again"
            return Redirect(
                f"/designer/envelopes/{envelope_id}?done=seal-{outcome}", status_code=303
            )
        return Redirect(
            f"/designer/admin/seals?outcome={outcome}&envelope={envelope_id}", status_code=303
        )
