"""/designer/settings/webhooks: administrators add an endpoint (its signing secret shown
once), see its latest deliveries and send one again, rotate its secret, and remove it.

Thin: parse the form, call runtime.webhooks.service (the rules the API uses too), render.
Every endpoint id is looked up within the signed-in user's organisation (404 otherwise).
"""

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.web import as_list, form_data, page, text
from runtime.errors import Invalid
from runtime.jobs.queue import worker_seen
from runtime.webhooks import service

NO_STORE = {"Cache-Control": "no-store"}
SHOWN_DELIVERIES = 20
DONE = {
    "removed": "The endpoint was removed: it receives nothing more, and what it still had to "
    "receive was cancelled.",
    "redelivered": "The delivery was queued again; the log below shows how it went.",
}
NO_WORKER = (
    " No job worker is running here, though (none has checked in for 3 minutes): it "
    "waits until one does (ask "
    "whoever runs formseal to start “formseal worker”, or “formseal serve” without "
    "FORMSEAL_RUN_WORKER=false)."
)
"""After "queued again" on an instance whose worker is not running: "Queued" alone
suggested it would go at once."""


class WebhooksController(Controller):
    path = "/settings/webhooks"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self, current_user: CurrentUser, done: str = "") -> Template:
        notice = DONE.get(done, "")
        if done == "redelivered" and not await worker_seen("webhook"):
            notice += NO_WORKER
        return await _page(current_user, notice=notice)

    @post("/")
    async def create(self, request: Request, current_user: CurrentUser) -> Template:
        data = await form_data(request)
        url = text(data, "url", 2001).strip()
        description = text(data, "description", 201).strip()
        events = [] if text(data, "which") != "some" else as_list(data, "events")
        form = {"url": url, "description": description, "which": text(data, "which") or "all"}
        errors = {}
        try:
            service.check_url(url)
        except Invalid as exc:
            errors["url"] = exc.detail if url else "Enter the address that receives the events."
        if len(description) > 200:
            errors["description"] = "The description must be 200 characters or fewer."
        if text(data, "which") == "some" and not events:
            errors["events"] = "Choose at least one event, or choose “Every event”."
        if errors:
            return await _page(
                current_user, errors=errors, form={**form, "events": events}, status_code=422
            )
        try:
            made = await service.create_endpoint(
                current_user.organisation_id, url, events, description, actor=current_user.email
            )
        except Invalid as exc:  # an event name the form does not offer
            return await _page(
                current_user,
                errors={"events": exc.detail},
                form={**form, "events": events},
                status_code=422,
            )
        # shown now or never: answer with the page instead of redirecting
        return await _page(current_user, secret=(made["id"], made["secret"]))

    @post("/{endpoint_id:uuid}/rotate")
    async def rotate(self, current_user: CurrentUser, endpoint_id: uuid.UUID) -> Template:
        made = await service.rotate_secret(
            current_user.organisation_id, endpoint_id, actor=current_user.email
        )
        return await _page(current_user, secret=(made["id"], made["secret"]), rotated=True)

    @post("/{endpoint_id:uuid}/remove")
    async def remove(self, current_user: CurrentUser, endpoint_id: uuid.UUID) -> Redirect:
        await service.delete_endpoint(
            current_user.organisation_id, endpoint_id, actor=current_user.email
        )
        return Redirect("/designer/settings/webhooks?done=removed", status_code=303)

    @post("/{endpoint_id:uuid}/deliveries/{delivery_id:uuid}/redeliver")
    async def redeliver(
        self, current_user: CurrentUser, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
    ) -> Redirect:
        await service.redeliver(
            current_user.organisation_id, endpoint_id, delivery_id, actor=current_user.email
        )
        return Redirect("/designer/settings/webhooks?done=redelivered", status_code=303)


async def _page(
    user: CurrentUser,
    *,
    notice: str = "",
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    secret: tuple[str, str] | None = None,
    rotated: bool = False,
    status_code: int = 200,
) -> Template:
    endpoints = await service.list_endpoints(user.organisation_id)
    for endpoint in endpoints:
        log = await service.deliveries(user.organisation_id, uuid.UUID(endpoint["id"]))
        endpoint["deliveries"] = log[:SHOWN_DELIVERIES]
        endpoint["failing"] = sum(1 for d in log if d["status"] in ("failed", "retrying"))
        endpoint["queued"] = sum(1 for d in log if d["status"] == "pending")
    template = page(
        "settings_webhooks.html",
        user,
        status_code=status_code,
        nav="webhooks",
        endpoints=endpoints,
        events=service.EVENTS,
        notice=notice,
        errors=errors or {},
        form=form or {"url": "", "description": "", "which": "all", "events": []},
        secret=secret,
        rotated=rotated,
        # a queued delivery goes within seconds only while a job worker runs
        worker=await worker_seen("webhook"),
    )
    template.headers.update(NO_STORE)
    return template
