"""/designer/archive: find envelopes, export them, tag them, set retention periods.

Thin: search, exports and retention live in runtime/archive; the filter is in the URL.
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Stream, Template

from designer.accounts import CurrentUser, requires_role
from designer.web import form_data, page, text
from runtime.archive import retention, search
from runtime.archive.api import csv_stream, xlsx_stream, zip_download
from runtime.archive.filters import STATUSES, ArchiveFilter, parse_filter
from runtime.archive.sealed_zip import MAX_FILES, sealed_zip
from runtime.archive.tags import organisation_tags, parse_tag_text, replace_tags, tags_of
from runtime.envelopes.origin import senders
from runtime.envelopes.service import get_envelope
from runtime.errors import Invalid
from runtime.insight.service import filter_options
from runtime.jobs.queue import worker_seen
from runtime.settings import Settings

PER_PAGE = 25
#: each filter's parameter -> the label beside its box, for the screen's messages
LABELS = {
    "q": "Search",
    "status": "Status",
    "template_id": "Template",
    "tag": "Tag",
    "sender": "Sender",
    "from": "Sent from",
    "to": "to",
}
#: each filter's parameter -> the id of its box, so a message links to it
INPUT_IDS = {
    "q": "a-q",
    "status": "a-status",
    "template_id": "a-template",
    "tag": "a-tag",
    "sender": "a-sender",
    "from": "a-from",
    "to": "a-to",
}


class ArchiveController(Controller):
    path = "/archive"
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request, current_user: CurrentUser, page_number: int = 1, zip: str = ""
    ) -> Template:
        org = current_user.organisation_id
        context: dict[str, Any] = {
            "zip": zip if zip in ("none", "too-many") else "",
            "zip_max": MAX_FILES,
            "options": await filter_options(org, request.query_params.get("sender", "")),
            "tags": await organisation_tags(org),
            "statuses": [s for s in STATUSES if s != "draft"],
        }
        try:
            f = parse_filter(request.query_params, LABELS, makers=True)
            results = await search.search(org, f, page=max(page_number, 1), per_page=PER_PAGE)
        except Invalid as exc:
            params = _raw_params(request)
            return page(
                "archive.html",
                current_user,
                status_code=400,
                nav="archive",
                error=exc.detail,
                error_field=INPUT_IDS.get(filter_parameter(exc), ""),
                # a date box keeps what was typed: as text, since a date input would
                # drop a value that is not a date and show the box empty
                text_dates=typed_dates(params),
                params=params,
                results=None,
                query="",
                **context,
            )
        params = f.as_params()
        return page(
            "archive.html",
            current_user,
            nav="archive",
            made_by=await senders([e["id"] for e in results["items"]]),
            error="",
            error_field="",
            text_dates=[],
            params=params,
            results=results,
            query=_query(params),
            **context,
        )

    @get("/export.csv")
    async def export_csv(self, request: Request, current_user: CurrentUser) -> Stream:
        return await csv_stream(current_user.organisation_id, _filter(request))

    @get("/export.xlsx")
    async def export_xlsx(self, request: Request, current_user: CurrentUser) -> Stream:
        return await xlsx_stream(current_user.organisation_id, _filter(request))

    @get("/export.zip")
    async def export_zip(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Stream | Redirect:
        """The sealed PDFs of the matches; none (nothing completed yet) or too many: back to
        the same search, which says so, rather than a ZIP holding only its manifest."""
        f = _filter(request)

        def back(said: str) -> Redirect:
            query = _query({**f.as_params(), "zip": said})
            return Redirect(f"/designer/archive?{query}", status_code=303)

        try:
            handle, count = await sealed_zip(settings, current_user.organisation_id, f)
        except Invalid:
            return back("too-many")
        if count == 0:
            handle.close()
            return back("none")
        return zip_download(handle, count)

    @get("/{envelope_id:uuid}/tags")
    async def tags_form(
        self, current_user: CurrentUser, envelope_id: uuid.UUID, saved: str = ""
    ) -> Template:
        return await self._tags_page(current_user, envelope_id, None, "", saved=bool(saved))

    @post("/{envelope_id:uuid}/tags", guards=[requires_role("sender")])
    async def save_tags(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Template | Redirect:
        typed = text(await form_data(request), "tags", 1000)
        try:
            await replace_tags(current_user.organisation_id, envelope_id, parse_tag_text(typed))
        except Invalid as exc:
            return await self._tags_page(current_user, envelope_id, typed, exc.detail)
        return Redirect(f"/designer/archive/{envelope_id}/tags?saved=1", status_code=303)

    async def _tags_page(
        self,
        user: CurrentUser,
        envelope_id: uuid.UUID,
        typed: str | None,
        error: str,
        *,
        saved: bool = False,
    ) -> Template:
        envelope = await get_envelope(user.organisation_id, envelope_id)  # 404 for others
        current = (await tags_of([envelope_id])).get(str(envelope_id), [])
        return page(
            "archive_tags.html",
            user,
            status_code=422 if error else 200,
            nav="archive",
            envelope=envelope,
            typed=", ".join(current) if typed is None else typed,
            error=error,
            saved=saved,
            known=await organisation_tags(user.organisation_id),
        )

    @get("/retention")
    async def retention_page(self, current_user: CurrentUser, saved: str = "") -> Template:
        return await self._retention(current_user, {}, saved=saved)

    @post("/retention", guards=[requires_role("admin")])
    async def save_retention(
        self, request: Request, current_user: CurrentUser
    ) -> Template | Redirect:
        """`-> Template | Redirect`, not `Any`: with Any a refused form went out as JSON."""
        data = await form_data(request)
        org = current_user.organisation_id
        errors: dict[str, str] = {}
        changes: list[tuple[uuid.UUID, int | None]] = []
        for template in await retention.policies(org):
            raw = text(data, f"days.{template['id']}", 10).strip()
            if raw and (not raw.isdigit() or not 1 <= int(raw) <= 36500):
                errors[template["id"]] = (
                    "Enter a whole number of days from 1 to 36500, or leave it empty."
                )
                continue
            days = int(raw) if raw else None
            if days != template["retention_days"]:
                changes.append((uuid.UUID(template["id"]), days))
        if errors:
            return await self._retention(current_user, errors, typed=data, status_code=422)
        deleting = await _newly_due(org, changes)
        # deletes at once: ask first, and again when a period was changed on the question
        confirmed = all(text(data, f"confirmed.{d['id']}", 10) == str(d["days"]) for d in deleting)
        if deleting and not confirmed:
            return await self._retention(current_user, {}, typed=data, deleting=deleting)
        for template_id, days in changes:
            await retention.set_policy(org, template_id, days, actor=current_user.email)
        return Redirect("/designer/archive/retention?saved=1", status_code=303)

    async def _retention(
        self,
        user: CurrentUser,
        errors: dict[str, str],
        *,
        typed: dict[str, Any] | None = None,
        saved: str = "",
        status_code: int = 200,
        deleting: list[dict[str, Any]] | None = None,
    ) -> Template:
        """`deleting`: the periods just typed that put finished envelopes past them at once
        (template name, days, how many): the page asks to confirm before saving them."""
        templates = await retention.policies(user.organisation_id)
        due = await retention.due_counts(user.organisation_id)
        for t in templates:
            t["due"] = due.get(t["id"], 0)
            key = f"days.{t['id']}"
            stored = "" if t["retention_days"] is None else str(t["retention_days"])
            t["typed"] = text(typed, key, 10) if typed is not None and key in typed else stored
        waiting = bool(saved) or any(t["due"] for t in templates)
        return page(
            "archive_retention.html",
            user,
            status_code=status_code,
            # a Settings screen for those who may change it (its card there), else the Archive's
            nav="retention" if user.can("admin") else "archive",
            templates=templates,
            errors=errors,
            saved=bool(saved),
            no_worker=waiting and not await worker_seen(),
            deleting=deleting or [],
        )


async def _newly_due(
    organisation_id: uuid.UUID, changes: list[tuple[uuid.UUID, int | None]]
) -> list[dict[str, Any]]:
    """The changed periods that would put more finished envelopes past them than now."""
    due = await retention.due_counts(organisation_id)
    names = {t["id"]: t["name"] for t in await retention.policies(organisation_id)}
    found = []
    for template_id, days in changes:
        if days is None:
            continue
        count = await retention.due_with(organisation_id, template_id, days)
        if count > due.get(str(template_id), 0):
            name = names.get(str(template_id), "")
            found.append({"id": str(template_id), "name": name, "days": days, "count": count})
    return found


def _filter(request: Request) -> ArchiveFilter:
    return parse_filter(request.query_params, makers=True)


def _raw_params(request: Request) -> dict[str, str]:
    return {k: str(v)[:300] for k, v in request.query_params.items()}


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def filter_parameter(exc: Invalid) -> str:
    """The filter the refusal names ("" for a refusal of the page itself)."""
    names = [e.get("parameter") or "" for e in exc.extra.get("errors", [])]
    return names[0] if names else ""


def typed_dates(params: Mapping[str, Any]) -> list[str]:
    """The date filters ("from", "to") holding something that is not a date: their boxes
    show it as text, since a date input drops such a value and shows the box empty."""
    typed = []
    for name in ("from", "to"):
        text = str(params.get(name) or "").strip()
        try:
            if text:
                dt.date.fromisoformat(text)
        except ValueError:
            typed.append(name)
    return typed
