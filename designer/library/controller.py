"""The library screen: list and search, create, duplicate, archive and restore."""

import uuid

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from designer.accounts import CurrentUser, requires_role
from designer.library import service
from designer.web import form_data, page, text, view
from runtime.errors import Invalid
from runtime.organisations.sharing import shared_templates
from runtime.settings import Settings


class LibraryController(Controller):
    path = "/"
    include_in_schema = False
    guards = [requires_role("author", reads=True)]

    @get("/")
    async def home(self) -> Redirect:
        return Redirect("/designer/templates")

    @get("/templates")
    async def index(
        self,
        request: Request,
        current_user: CurrentUser,
        q: str = "",
        show: str = "active",
        archived_now: uuid.UUID | None = None,
    ) -> Template:
        await service.sync_from_engine(current_user.organisation_id)
        archived = show == "archived"
        items = await service.list_items(current_user.organisation_id, q, archived=archived)
        others = (
            []
            if items or archived or q
            else await service.list_items(current_user.organisation_id, archived=True)
        )
        return view(
            request,
            "library.html",
            "_library_list.html",
            current_user,
            items=items,
            q=q[:100],
            archived=archived,
            error="",
            name="",
            shared=await shared_templates(current_user.organisation_id),  # groups
            archived_count=len(others),
            just_archived=await service.archived_notice(current_user.organisation_id, archived_now),
        )

    @post("/templates")
    async def create(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        name = text(data, "name", 300)
        try:
            draft_id = await service.create(
                current_user.organisation_id,
                name,
                actor=current_user.email,
                stage_signatures=settings.stage_signatures,
            )
        except Invalid as exc:
            items = await service.list_items(current_user.organisation_id)
            return page(
                "library.html",
                current_user,
                status_code=422,
                items=items,
                q="",
                archived=False,
                error=exc.detail,
                name=name,
            )
        return Redirect(f"/designer/templates/{draft_id}/edit", status_code=303)

    @post("/templates/import-json")
    async def import_json(self, request: Request, current_user: CurrentUser) -> Template | Redirect:
        """A definition exported from this or another formseal becomes a new draft."""
        upload = (await request.form()).get("file")
        try:
            if not isinstance(upload, UploadFile):
                raise Invalid("Choose a template definition (.json) to import.")
            data = await upload.read(service.MAX_DEFINITION_BYTES + 1)
            draft_id = await service.import_definition(
                current_user.organisation_id, data, actor=current_user.email
            )
        except Invalid as exc:
            return page(
                "library.html",
                current_user,
                status_code=422,
                items=await service.list_items(current_user.organisation_id),
                q="",
                archived=False,
                error="",
                json_error=exc.detail,
                name="",
            )
        return Redirect(f"/designer/templates/{draft_id}/edit", status_code=303)

    @post("/templates/{draft_id:uuid}/duplicate")
    async def duplicate(self, draft_id: uuid.UUID, current_user: CurrentUser) -> Redirect:
        copy_id = await service.duplicate(
            current_user.organisation_id, draft_id, actor=current_user.email
        )
        return Redirect(f"/designer/templates/{copy_id}/edit", status_code=303)

    @post("/templates/{draft_id:uuid}/archive")
    async def archive(self, draft_id: uuid.UUID, current_user: CurrentUser) -> Redirect:
        await service.archive(current_user.organisation_id, draft_id, actor=current_user.email)
        return Redirect(f"/designer/templates?archived_now={draft_id}", status_code=303)

    @post("/templates/{draft_id:uuid}/restore")
    async def restore(self, draft_id: uuid.UUID, current_user: CurrentUser) -> Redirect:
        await service.archive(
            current_user.organisation_id, draft_id, actor=current_user.email, restore=True
        )
        return Redirect("/designer/templates?show=archived", status_code=303)
