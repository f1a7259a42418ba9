"""POST /designer/envelopes/{id}/stamp: apply the company stamp by hand (runtime/stamps/manual).

Any signed-in role may reach the route; the service lets through administrators and the
users a stamp is granted to, and refuses everyone else with 403.
"""

import uuid

from litestar import Controller, Request, post
from litestar.response import Redirect

from designer.accounts.guards import CurrentUser, requires_role
from designer.settings.controller import is_admin
from designer.web import form_data, text
from runtime.settings import Settings
from runtime.stamps.manual import apply_by_hand


class ApplyStampController(Controller):
    path = "/envelopes"
    guards = [requires_role("viewer")]  # who may is decided per stamp, in the service

    @post("/{envelope_id:uuid}/stamp")
    async def apply(
        self,
        request: Request,
        current_user: CurrentUser,
        settings: Settings,
        envelope_id: uuid.UUID,
    ) -> Redirect:
        data = await form_data(request)
        await apply_by_hand(
            settings,
            current_user.organisation_id,
            envelope_id,
            text(data, "stamp_id", 64),
            user_id=current_user.id,
            is_admin=is_admin(current_user),
            actor=current_user.email,
        )
        return Redirect(f"/designer/envelopes/{envelope_id}?done=stamped", status_code=303)
