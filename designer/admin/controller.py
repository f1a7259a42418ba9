"""/designer/admin/seals, the former Failed seals page: its rows are on Settings → Problems
(seals and company stamps only, `?show=seals`), so old links, bookmarks and failed-seal
mails sent before the move land there. A retry posted from a page left open is passed on
with its form (308 keeps the method and the body, CSRF token included).
"""

import uuid

from litestar import Controller, get, post
from litestar.response import Redirect

from designer.accounts.guards import requires_role
from designer.admin.problems_controller import SEALS, URL


class SealsAdminController(Controller):
    path = "/admin/seals"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self) -> Redirect:
        return Redirect(SEALS, status_code=308)

    @post("/{envelope_id:uuid}/retry")
    async def retry(self, envelope_id: uuid.UUID) -> Redirect:
        return Redirect(f"{URL}/envelopes/{envelope_id}/retry", status_code=308)
