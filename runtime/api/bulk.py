"""/api/v1/bulk-sends: preview (dry_run) or start a bulk send from a CSV/XLSX upload."""

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body

from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api.auth import provide_caller, require
from runtime.api.templates import UnsupportedMediaType
from runtime.bulk import service
from runtime.bulk.tables_io import MAX_FILE_BYTES
from runtime.errors import DomainError, Invalid


class FileTooLarge(DomainError):
    status_code = 413
    title = "Request too large"


def _options(form: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {"message": str(form.get("message") or "")[:5000]}
    days = str(form.get("expires_in_days") or "").strip()
    if days:
        if not days.isdigit() or not 1 <= int(days) <= 365:
            raise Invalid("expires_in_days must be a whole number of days from 1 to 365.")
        options["expires_in_days"] = int(days)
    return options


async def _upload(form: dict[str, Any]) -> tuple[uuid.UUID, bytes, str]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Invalid("Send the rows as a file field named 'file' (CSV or XLSX).")
    try:
        template_id = uuid.UUID(str(form.get("template_id") or ""))
    except ValueError:
        raise Invalid("Send the template_id of a published template.") from None
    data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # a 413 as when the whole body is over the limit
        raise FileTooLarge(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most a bulk "
            "send takes: split it into several files."
        )
    return template_id, data, upload.filename or ""


async def _multipart_only(request: Request) -> None:
    """Before the body is parsed: a JSON or urlencoded body would only get the parser's
    "Invalid multipart/form-data"; say what to send instead (415, as templates do)."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType(
            "Send the rows as multipart/form-data: the CSV or XLSX in a file field named "
            "'file' and the template_id beside it (curl -F file=@rows.csv -F template_id=…)."
        )


class BulkSendsController(Controller):
    path = "/api/v1/bulk-sends"
    tags = ["bulk sends"]
    dependencies = {"caller": Provide(provide_caller)}

    @post(
        "/",
        summary="Preview (dry_run=true) or start a bulk send: one envelope per row",
        request_max_body_size=MAX_FILE_BYTES + 64 * 1024,
        before_request=_multipart_only,
        operation_class=ex.documented(request=("Preview a CSV first", ex.BULK_FORM)),
        responses={
            200: ex.response("The preview (dry_run=true): nothing sent", ex.BULK_PREVIEW),
            202: ex.response("Started: envelopes are created in the background", ex.BULK_STARTED),
        },
    )
    async def create(
        self,
        caller: Caller,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Response[dict[str, Any]]:
        require(caller, "send")
        template_id, content, filename = await _upload(data)
        options = _options(data)
        if str(data.get("dry_run") or "").lower() in ("1", "true", "yes"):
            preview = await service.prepare(caller.organisation_id, template_id, content, options)
            preview["sample"] = preview.pop("requests")[:20]
            return Response(preview, status_code=200)
        started = await service.start(
            caller.organisation_id, template_id, content, options, filename=filename, actor="api"
        )
        return Response(started, status_code=202)

    @get("/{bulk_id:uuid}", summary="Progress of a bulk send")
    async def progress(self, caller: Caller, bulk_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        return await service.get_bulk(caller.organisation_id, bulk_id)
