"""Publish (a deliberate act, with lint and a summary of changes) and version history."""

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Response, Template

from components.definition import dump_definition
from designer import drafts
from designer.accounts import CurrentUser, requires_role
from designer.editor.upload_limit import server_cap
from designer.publishing import history, service
from designer.sending.test_send import send_test_to_self
from designer.web import form_data, page, whole_number
from runtime.errors import Conflict, Invalid
from runtime.file_names import content_disposition, template_export_name
from runtime.settings import Settings
from runtime.templates.service import export_definition


class PublishingController(Controller):
    path = "/templates/{draft_id:uuid}"
    include_in_schema = False
    guards = [requires_role("author", reads=True)]

    @get("/publish")
    async def review(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        plan = await service.plan(current_user.organisation_id, draft_id, server_cap(request))
        return page(
            "publish.html",
            current_user,
            plan=plan,
            state=plan.state,
            tab="publish",
            error="",
            conflict=False,
        )

    @post("/publish")
    async def publish(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template | Redirect:
        data = await form_data(request)
        revision = whole_number(data, "revision", 12, None)
        try:
            result = await service.publish(
                current_user.organisation_id,
                draft_id,
                actor=current_user.email,
                expected_revision=revision,
                seen_version=whole_number(data, "seen_version", 12, None),
            )
        except (Invalid, Conflict) as problem:
            plan = await service.plan(current_user.organisation_id, draft_id, server_cap(request))
            return page(
                "publish.html",
                current_user,
                status_code=problem.status_code,
                plan=plan,
                state=plan.state,
                tab="publish",
                error=problem.detail,
                error_title=(
                    "Already published"
                    if isinstance(problem, service.AlreadyPublished)
                    else "Not published"
                ),
                conflict=isinstance(problem, Conflict),
            )
        number = result["version"]["number"]
        return Redirect(
            f"/designer/templates/{draft_id}/versions?published={number}", status_code=303
        )

    @post("/send-test")
    async def send_test(
        self, draft_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Redirect:
        """Send the live version to yourself in every role (#4: a test from the editor)."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        if state.template_id is None or not state.published_version:
            raise Conflict("Publish the template first: a test envelope uses the live version.")
        envelope = await send_test_to_self(current_user, state.template_id, settings)
        return Redirect(f"/designer/envelopes/{envelope['id']}?sent=1", status_code=303)

    @get("/export.json")
    async def export_json(
        self, draft_id: uuid.UUID, current_user: CurrentUser, version: int | None = None
    ) -> Response[bytes]:
        """A version's definition (the live one unless `version` says), canonical JSON:
        import it here or through the API."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        if state.template_id is None or not state.published_version:
            raise Conflict("Publish the template first: only published versions are exported.")
        definition = await export_definition(
            current_user.organisation_id, state.template_id, version
        )
        name = template_export_name(definition.name, version or state.published_version)
        return Response(
            dump_definition(definition),
            media_type="application/json",
            headers={"Content-Disposition": content_disposition(name)},
        )

    @post("/versions/{number:int}/restore")
    async def restore(
        self, request: Request, draft_id: uuid.UUID, number: int, current_user: CurrentUser
    ) -> Redirect | Template:
        """The draft becomes a copy of an older version (Undo in the editor takes it back).
        A draft with unpublished changes is replaced only once the author has confirmed,
        having been told which changes go."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        data = await form_data(request)
        revision = whole_number(data, "revision", 12, None)
        if state.has_unpublished_changes and data.get("confirm") != "replace":
            return await _versions_page(
                current_user,
                state,
                confirm_restore=number,
                replaced=await history.draft_changes(state),
            )
        await history.restore(state, number, actor=current_user.email, revision=revision)
        return Redirect(
            f"/designer/templates/{draft_id}/versions?restored={number}", status_code=303
        )

    @get("/versions")
    async def versions(
        self,
        draft_id: uuid.UUID,
        current_user: CurrentUser,
        published: int | None = None,
        restored: int | None = None,
        compare_from: int | None = None,
        compare_to: int | None = None,
    ) -> Template:
        """The history; with compare_from and compare_to, also what changed between them."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        comparison, problem = None, ""
        if compare_from is not None and compare_to is not None:
            try:
                comparison = await history.compare(state, compare_from, compare_to)
            except Invalid as exc:
                problem = exc.detail
        return await _versions_page(
            current_user,
            state,
            published=published,
            restored=restored,
            comparison=comparison,
            compare_problem=problem,
            compare_from=compare_from,
            compare_to=compare_to,
            status_code=422 if problem else 200,
        )


async def _versions_page(user: CurrentUser, state: drafts.DraftState, **extra: Any) -> Template:
    """The Versions tab; `confirm_restore` (a version's number) asks first whether to
    replace the draft's unpublished changes (`replaced`) with that version."""
    context: dict[str, Any] = {
        "published": None,
        "restored": None,
        "comparison": None,
        "compare_problem": "",
        "compare_from": None,
        "compare_to": None,
        "confirm_restore": None,
        "replaced": [],
        **extra,
    }
    changed = state.has_unpublished_changes and user.can("author")
    context["draft_changes"] = await history.draft_changes(state) if changed else []
    return page(
        "versions.html",
        user,
        state=state,
        versions=await history.versions(state),
        tab="versions",
        **context,
    )
