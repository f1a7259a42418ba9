"""/designer/admin/seals, the former Failed seals page: its rows are on Settings → Problems
(seals and company stamps only, `?show=seals`), so old links, bookmarks and failed-seal
mails sent before the move land there. Its retry action was not kept as a redirect: every
route that takes an envelope id must answer another organisation's id with 404
(tests/security), not with a 308 first; retries post to Problems.
"""

from litestar import Controller, get
from litestar.response import Redirect

from designer.accounts.guards import requires_role
from designer.admin.problems_controller import SEALS


class SealsAdminController(Controller):
    path = "/admin/seals"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self) -> Redirect:
        return Redirect(SEALS, status_code=308)
