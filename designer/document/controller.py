"""The document editor's endpoints, and importing a Word contract."""

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from designer import drafts
from designer.accounts import CurrentUser, requires_role
from designer.document import blocks as ops
from designer.document.docx import MAX_DOCX_BYTES, docx_to_blocks, title_of
from designer.editor.apply import move_index
from designer.editor.base import DraftController
from designer.editor.responses import workspace
from designer.library.service import blank_definition, clean_name, list_items
from designer.web import form_data, page, text, whole_number
from runtime.errors import Invalid
from runtime.settings import Settings


async def _upload(request: Request) -> tuple[bytes, str]:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("Choose a Word document (.docx) to import.")
    data = await upload.read(MAX_DOCX_BYTES + 1)
    return data, upload.filename or ""


class DocumentController(DraftController):
    @get("/document")
    async def document(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, select: str = ""
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        return workspace(request, current_user, state, select, "document")

    @post("/blocks")
    async def add(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        at = whole_number(data, "at", 5, None)
        state, index = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.add_block(d, text(data, "kind", 20), at),
            "Added a block",
        )
        return workspace(request, current_user, state, f"block:{index}", "document")

    @post("/blocks/{index:int}/delete")
    async def delete(
        self, request: Request, draft_id: uuid.UUID, index: int, current_user: CurrentUser
    ) -> Template:
        state, _ = await self._change(
            request, current_user, draft_id, lambda d: ops.delete_block(d, index), "Deleted a block"
        )
        return workspace(request, current_user, state, "", "document")

    @post("/blocks/{index:int}/duplicate")
    async def duplicate(
        self, request: Request, draft_id: uuid.UUID, index: int, current_user: CurrentUser
    ) -> Template:
        state, new = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.duplicate_block(d, index),
            "Duplicated a block",
        )
        return workspace(request, current_user, state, f"block:{new}", "document")

    @post("/blocks/{index:int}/move")
    async def move(
        self, request: Request, draft_id: uuid.UUID, index: int, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)

        def edit(d: dict[str, Any]) -> int:
            to = move_index(ops.blocks(d), index, text(data, "direction"), text(data, "to"))
            return ops.move_block(d, index, to)

        state, new = await self._change(request, current_user, draft_id, edit, "Moved a block")
        return workspace(request, current_user, state, f"block:{new}", "document")

    @post("/import-docx")
    async def import_docx(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        await drafts.get(current_user.organisation_id, draft_id)  # 404 before reading the file
        data, _ = await _upload(request)
        imported = await docx_to_blocks(data)
        state, _ = await self._change(
            request,
            current_user,
            draft_id,
            lambda d: ops.blocks(d).extend(imported),
            "Imported a Word document",
        )
        return workspace(request, current_user, state, "", "document")


class DocxLibraryController(Controller):
    """A new template whose document is a Word contract."""

    path = "/templates/import-docx"
    guards = [requires_role("author")]
    include_in_schema = False

    @post("/")
    async def create(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Redirect | Template:
        try:
            data, filename = await _upload(request)
            imported = await docx_to_blocks(data)
        except Invalid as problem:
            return page(
                "library.html",
                current_user,
                status_code=422,
                items=await list_items(current_user.organisation_id),
                q="",
                archived=False,
                error=f"The Word document was not imported. {problem.detail}",
                name="",
            )
        definition = blank_definition(
            clean_name(title_of(imported, filename)), stage_signatures=settings.stage_signatures
        )
        definition["document"] = imported
        draft_id = await drafts.create(
            current_user.organisation_id, definition, actor=current_user.email
        )
        return Redirect(f"/designer/templates/{draft_id}/document", status_code=303)
