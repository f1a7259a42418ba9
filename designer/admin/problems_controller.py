"""/designer/settings/problems: the organisation's background work that failed or is stuck
(mails, webhook deliveries, seals, company stamps, bulk sends, invitations to the designer),
newest first, with "Try again" where it helps. `?show=seals` lists only seals and company
stamps: the failed-seal mail links there (the former /designer/admin/seals).

Thin: runtime/jobs/problems.py scopes every job to the signed-in administrator's
organisation (another's job id answers 404) and queues a retry once, however often it is
clicked. "Try sealing again" on an envelope's page posts to `envelopes/{id}/retry` here.
"""

import uuid

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import form_data, page, text
from runtime.jobs import stuck
from runtime.jobs.problems import OUTCOMES, name_of, problems, retry_problem
from runtime.jobs.queue import worker_seen

URL = "/designer/settings/problems"
SEALS = f"{URL}?show=seals"


class ProblemsController(Controller):
    path = "/settings/problems"
    guards = [requires_role("admin")]

    @get("/")
    async def index(
        self, current_user: CurrentUser, outcome: str = "", job: int = 0, show: str = ""
    ) -> Template:
        organisation_id = current_user.organisation_id
        notice = ""
        if outcome in OUTCOMES:
            name = await name_of(organisation_id, job) if job else ""
            said = OUTCOMES[outcome]
            notice = f"{name}: {said}" if name else said[:1].upper() + said[1:]
        rows = await problems(organisation_id, seals_only=show == "seals")
        waiting = notice or any(p.state in ("queued", "slow") for p in rows)
        template = page(
            "settings_problems.html",
            current_user,
            nav="problems",
            rows=rows,
            no_worker=bool(waiting) and not await worker_seen(),
            seals_only=show == "seals",
            notice=notice,
            minutes=int(stuck.PENDING_TOO_LONG.total_seconds() // 60),
        )
        template.headers.update({"Cache-Control": "no-store"})
        return template

    @post("/{job_id:int}/retry")
    async def retry(self, request: Request, current_user: CurrentUser, job_id: int) -> Redirect:
        outcome = await retry_problem(
            current_user.organisation_id, job_id, actor=current_user.email
        )
        show = "show=seals&" if text(await form_data(request), "show") == "seals" else ""
        return Redirect(f"{URL}?{show}job={job_id}&outcome={outcome}", status_code=303)

    @post("/envelopes/{envelope_id:uuid}/retry")
    async def retry_envelope(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Redirect:
        """An envelope's seal (or company stamp) again, audited: "Try sealing again" on its
        page, which it comes back to, or `formseal seals retry` at a terminal."""
        outcome = await stuck.retry_envelope(
            current_user.organisation_id, envelope_id, actor=current_user.email
        )
        if text(await form_data(request), "back") == "envelope":
            return Redirect(
                f"/designer/envelopes/{envelope_id}?done=seal-{outcome}", status_code=303
            )
        done = "queued" if outcome == "seal" else outcome
        return Redirect(f"{SEALS}&outcome={done}", status_code=303)
