"""/designer/bulk-sends: upload rows, check the mapping and row errors, confirm, follow progress.

The rules live in runtime/bulk/ (staging for the screens, service for the job and the API);
this controller parses forms and renders pages.
"""

import uuid

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from designer.accounts import CurrentUser, requires_role
from designer.sending import service
from designer.sending.bulk_origin import started
from designer.web import form_data, page, partial, text
from runtime.bulk import staging
from runtime.bulk.service import get_bulk
from runtime.bulk.tables_io import MAX_FILE_BYTES
from runtime.errors import Conflict, Invalid
from runtime.files import MULTIPART_OVERHEAD

#: what a press on a preview opened before the bulk send was confirmed did (nothing), and
#: what to do: said above the progress instead of nothing at all
LATE = {
    "confirm": "This bulk send had already been confirmed (the button was pressed twice, or "
    "in another tab or by another sender), so nothing was sent twice: its envelopes are "
    "the ones counted below.",
    "mapping": "This bulk send had already been confirmed (in another tab, or by another "
    "sender) when your choice of columns arrived, so it was not applied: the envelopes go "
    "out with the columns chosen at confirmation. To send with other columns, upload the "
    "file again as a new bulk send.",
}


class BulkSendingController(Controller):
    path = "/bulk-sends"
    guards = [requires_role("sender", reads=True)]
    include_in_schema = False

    # Only who may send gets the form: chosen by anyone else, the file was refused on Upload.
    @get("/new", guards=[requires_role("sender")])
    async def new(self, current_user: CurrentUser, template_id: str = "") -> Template | Redirect:
        tid = _uuid(template_id)
        if tid is None:
            return Redirect("/designer/envelopes")
        return await self._upload_form(current_user, tid, {}, "")

    @post("/new", request_max_body_size=MAX_FILE_BYTES + MULTIPART_OVERHEAD)
    async def upload(
        self, request: Request, current_user: CurrentUser, template_id: str = ""
    ) -> Template | Redirect:
        tid = _uuid(template_id)
        if tid is None:
            return Redirect("/designer/envelopes")
        form = await request.form()
        values = {k: form.get(k) for k in ("message", "expires_in_days")}
        upload = form.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Invalid("Choose a CSV or Excel (.xlsx) file with one row per envelope.")
            options = staging.options_from_form(values)
            content = await upload.read(MAX_FILE_BYTES + 1)
            bulk_id = await staging.stage(
                current_user.organisation_id, tid, content, options, filename=upload.filename
            )
        except Invalid as exc:
            shown = {k: str(v or "") for k, v in values.items()}
            return await self._upload_form(current_user, tid, shown, exc.detail, 422)
        return Redirect(f"/designer/bulk-sends/{bulk_id}", status_code=303)

    async def _upload_form(
        self,
        user: CurrentUser,
        template_id: uuid.UUID,
        data: dict[str, str],
        error: str,
        status_code: int = 200,
    ) -> Template:
        template, definition = await service.template_definition(user.organisation_id, template_id)
        return page(
            "bulk_new.html",
            user,
            status_code=status_code,
            nav="envelopes",
            template=template,
            definition=definition,
            fields=service.prefillable(definition),
            data=data,
            error=error,
            max_mb=MAX_FILE_BYTES // 10**6,
        )

    @get("/{bulk_id:uuid}")
    async def show(self, current_user: CurrentUser, bulk_id: uuid.UUID, late: str = "") -> Template:
        """The preview until it is confirmed, then the progress; `late` (mapping, confirm):
        a press from a page opened before the confirmation, said above the progress."""
        if await staging.status_of(current_user.organisation_id, bulk_id) == "preview":
            try:
                return await self._preview(current_user, bulk_id, "")
            except Conflict:  # confirmed (another tab, another sender) while being read
                pass
        return await self._progress_page(current_user, bulk_id, LATE.get(late, ""))

    async def _preview(
        self, user: CurrentUser, bulk_id: uuid.UUID, error: str, status_code: int = 200
    ) -> Template:
        checked = await staging.preview(user.organisation_id, bulk_id)
        template, _ = await service.template_definition(
            user.organisation_id, uuid.UUID(checked["template_id"])
        )
        return page(
            "bulk_preview.html",
            user,
            status_code=status_code,
            nav="envelopes",
            template=template,
            bulk=checked,
            fields=service.prefillable(checked["definition"]),
            labels=service.field_names(checked["definition"]),
            error=error,
        )

    async def _progress_page(
        self, user: CurrentUser, bulk_id: uuid.UUID, late: str = ""
    ) -> Template:
        bulk = await get_bulk(user.organisation_id, bulk_id)
        template, _ = await service.template_definition(
            user.organisation_id, uuid.UUID(bulk["template_id"])
        )
        return page(
            "bulk_progress.html",
            user,
            nav="envelopes",
            template=template,
            bulk=bulk,
            started=await started(user.organisation_id, bulk_id),
            late=late,
        )

    @post("/{bulk_id:uuid}/mapping")
    async def mapping(
        self, request: Request, current_user: CurrentUser, bulk_id: uuid.UUID
    ) -> Template | Redirect:
        data = await form_data(request)
        choices = {k[4:]: text(data, k, 300) for k in data if k.startswith("map.")}
        try:
            await staging.choose_mapping(current_user.organisation_id, bulk_id, choices)
        except Invalid as exc:
            return await self._preview(current_user, bulk_id, exc.detail, 422)
        except Conflict:
            return Redirect(f"/designer/bulk-sends/{bulk_id}?late=mapping", status_code=303)
        return Redirect(f"/designer/bulk-sends/{bulk_id}#check", status_code=303)

    @post("/{bulk_id:uuid}/confirm")
    async def confirm(self, current_user: CurrentUser, bulk_id: uuid.UUID) -> Template | Redirect:
        try:
            await staging.confirm(
                current_user.organisation_id,
                bulk_id,
                actor=current_user.email,
                sender_email=current_user.email,
            )
        except Invalid as exc:
            return await self._preview(current_user, bulk_id, exc.detail, 422)
        except Conflict:  # pressed twice, or in another tab: the first one is running
            return Redirect(f"/designer/bulk-sends/{bulk_id}?late=confirm", status_code=303)
        return Redirect(f"/designer/bulk-sends/{bulk_id}", status_code=303)

    @get("/{bulk_id:uuid}/progress")
    async def progress(self, current_user: CurrentUser, bulk_id: uuid.UUID) -> Template:
        """The counts alone, polled by htmx until the job is done."""
        bulk = await get_bulk(current_user.organisation_id, bulk_id)
        return partial("_bulk_progress.html", bulk=bulk)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
