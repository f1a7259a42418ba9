"""Uploads on signer pages: files for attachment requests and pictures of a signature.

Each upload is one multipart request (the page's script sends them one by one, with
progress). Bodies larger than the field allows are refused with 413 from their declared
length, before they are read. Responses and downloads carry `Content-Disposition:
attachment` and `X-Content-Type-Options: nosniff`, so nothing uploaded is ever rendered
by the browser as a page.
"""

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import HTTPException
from litestar.response import Redirect, Stream, Template

from components import FieldError
from components.fields.attachment import STORED_MAX_SIZE
from runtime.errors import DomainError, NotFound
from runtime.i18n import gettext as _
from runtime.i18n.messages import translate_message
from runtime.settings import Settings
from runtime.signing import service, thumbnails, uploads
from runtime.signing.forms import posted_files
from runtime.signing.gate import open_ctx
from runtime.signing.service import SigningContext
from runtime.signing.views import base, room_left, upload_rules
from runtime.themes import themed
from runtime.web.pages import client_ip

SAFE = {"X-Content-Type-Options": "nosniff", "Content-Disposition": "attachment"}
#: a version stored before 100 MB became the most may still ask for 100 MB of 1,048,576 bytes
MAX_BODY = STORED_MAX_SIZE + uploads.MULTIPART_OVERHEAD


class TooLarge(DomainError):
    status_code = 413
    title = "Request too large"


def _check_length(request: Request, ctx: SigningContext, key: str) -> None:
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise HTTPException(
            status_code=411, detail=_("Send the file again: its size was not given.")
        )
    if int(length) > uploads.size_limit(ctx, key):  # says the limit, as the page's hint does
        raise TooLarge(uploads.too_large_error(ctx, key))


def _file_list(
    ctx: SigningContext, token: str, key: str, error: str = "", status: int = 200
) -> Template:
    field = ctx.definition.field(key)
    if field is None or field.component != "attachment":  # a made-up key in the URL
        raise NotFound(_("This question does not take files."))
    # every file request of the step: the signer's cap is shared, so the page script puts
    # each one's new count in its hint (and disables its chooser at the cap)
    step = next((s.fields for s in ctx.sections if any(f.key == key for f in s.fields)), [field])
    return Template(
        template_name=themed("partials/signer/_file_list.html", ctx.theme_choice),
        context={
            "base": base(token),
            "field": field,
            "files": service.attached_files(ctx, key),
            "upload_error": error,
            "rules": {
                f.key: {
                    **upload_rules(f, ctx.upload_cap),
                    **room_left(f, service.attached_files(ctx, f.key), ctx.upload_room),
                }
                for f in step
                if f.component == "attachment"
            },
        },
        status_code=status,
        headers=SAFE,
    )


class SignerFilesController(Controller):
    path = "/"
    include_in_schema = False

    @post("/files/{key:str}", status_code=200, request_max_body_size=MAX_BODY)
    async def upload(self, token: str, key: str, request: Request, settings: Settings) -> Template:
        ctx = await open_ctx(token, request, settings)
        _check_length(request, ctx, key)
        form = await request.form()
        files = posted_files(form, "file")
        if not files:
            return _file_list(ctx, token, key, _("Select a file to upload"), 422)
        try:
            for upload in files[:1]:
                await uploads.add_file(settings, ctx, key, upload, client_ip(request))
        except FieldError as exc:
            ctx.upload_room = await uploads.upload_room(settings, ctx)  # another may have won
            message = uploads.about_file(
                uploads.refusal_at_cap(translate_message(exc.message), ctx.upload_room),
                files[0].filename,
            )
            return _file_list(ctx, token, key, message, 422)
        ctx.upload_room = await uploads.upload_room(settings, ctx)  # this one counts now
        return _file_list(ctx, token, key)

    @post("/files/{key:str}/{file_id:str}/remove", status_code=200)
    async def remove(
        self, token: str, key: str, file_id: str, request: Request, settings: Settings
    ) -> Any:
        ctx = await open_ctx(token, request, settings)
        try:
            await uploads.remove_file(ctx, key, file_id)
        except FieldError as exc:
            return _file_list(ctx, token, key, translate_message(exc.message), 422)
        if request.headers.get("hx-request") or request.headers.get("x-requested-with"):
            return _file_list(ctx, token, key)
        number = next(
            (i + 1 for i, s in enumerate(ctx.sections) if any(f.key == key for f in s.fields)), 1
        )
        return Redirect(f"{base(token)}/step/{number}#field-{key}", status_code=303)

    @get("/files/{file_id:str}/download")
    async def download(
        self, token: str, file_id: str, request: Request, settings: Settings
    ) -> Stream:
        ctx = await open_ctx(token, request, settings)
        try:
            row, chunks = await uploads.owned_stream(settings, ctx, file_id)
        except FileNotFoundError:
            raise NotFound(_("This file was not found.")) from None
        return Stream(
            chunks,
            media_type=row["content_type"],
            headers={
                **SAFE,
                "Content-Disposition": _disposition(row["original_name"]),
                "Content-Length": str(row["size"]),
                "Cache-Control": "private, no-store",
            },
        )

    @get("/files/{file_id:str}/thumb.png")
    async def thumb(
        self, token: str, file_id: str, request: Request, settings: Settings
    ) -> Response[bytes]:
        ctx = await open_ctx(token, request, settings)
        try:
            row, data = await uploads.owned_file(settings, ctx, file_id)
        except FileNotFoundError:
            raise NotFound(_("This file was not found.")) from None
        png = await thumbnails.thumbnail(settings, row, data) or thumbnails.placeholder_thumbnail()
        return Response(
            png,
            media_type="image/png",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=3600"},
        )

    @post(
        "/signature/{key:str}",
        status_code=200,
        request_max_body_size=uploads.SIGNATURE_UPLOAD_MAX + uploads.MULTIPART_OVERHEAD,
    )
    async def signature_picture(
        self, token: str, key: str, request: Request, settings: Settings
    ) -> Response[Any]:
        """A picture of a signature, answered as a PNG data URL for the page to show."""
        ctx = await open_ctx(token, request, settings)
        try:
            _check_length(request, ctx, key)
        except TooLarge as exc:  # the page's script shows `error` under the upload
            return Response({"error": exc.detail}, status_code=413, headers=SAFE)
        files = posted_files(await request.form(), "file")
        if not files:
            return Response(
                {"error": _("Select a picture of your signature")}, status_code=422, headers=SAFE
            )
        try:
            image = await uploads.signature_image(ctx, key, await files[0].read())
        except FieldError as exc:
            return Response(
                {"error": translate_message(exc.message)}, status_code=422, headers=SAFE
            )
        return Response({"image": image}, headers=SAFE)


def _disposition(name: str) -> str:
    """attachment; filename="<ascii>"; filename*=UTF-8''<encoded> (the name is metadata)."""
    from urllib.parse import quote

    ascii_name = (
        "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in name) or "file"
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
