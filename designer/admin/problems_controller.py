"""/designer/settings/problems: the organisation's background work that failed or is stuck
(mails, webhook deliveries, seals, company stamps, bulk sends), newest first, with "Try
again" where it helps.

Thin: runtime/jobs/problems.py scopes every job to the signed-in administrator's
organisation (another's job id answers 404) and queues a retry once, however often it is
clicked.
"""

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import page
from runtime.jobs.problems import OUTCOMES, problems, retry_problem

URL = "/designer/settings/problems"


class ProblemsController(Controller):
    path = "/settings/problems"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self, current_user: CurrentUser, outcome: str = "") -> Template:
        template = page(
            "settings_problems.html",
            current_user,
            nav="problems",
            rows=await problems(current_user.organisation_id),
            notice=OUTCOMES.get(outcome, ""),
        )
        template.headers.update({"Cache-Control": "no-store"})
        return template

    @post("/{job_id:int}/retry")
    async def retry(self, current_user: CurrentUser, job_id: int) -> Redirect:
        outcome = await retry_problem(
            current_user.organisation_id, job_id, actor=current_user.email
        )
        return Redirect(f"{URL}?outcome={outcome}", status_code=303)
