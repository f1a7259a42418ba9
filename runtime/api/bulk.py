"""/api/v1/bulk-sends: preview (dry_run) or start a bulk send from a CSV/XLSX upload; list
them and follow one's progress."""

import hashlib
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.openapi.spec import Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import Body, HeaderParameter

from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented, response
from runtime.api.list_query import DEFAULT_PER_PAGE, check_page_query
from runtime.api.openapi import UNKNOWN_TEMPLATE
from runtime.api.templates import UnsupportedMediaType
from runtime.bulk import service
from runtime.bulk.tables_io import MAX_FILE_BYTES
from runtime.envelopes import idempotency
from runtime.errors import DomainError, Invalid
from runtime.files import MULTIPART_OVERHEAD


class FileTooLarge(DomainError):
    status_code = 413
    title = "Request too large"


#: the form fields a bulk send takes; any other is refused (a typo such as `dry-run`
#: must not turn a preview into a real send)
FIELDS = ("file", "template_id", "dry_run", "message", "expires_in_days")
YES = ("1", "true", "yes", "on")
NO = ("", "0", "false", "no", "off")


class Form:
    """The bulk-send form read field by field: every problem is collected, so one 422
    names all the fields to change (as a JSON body's problems are listed at once)."""

    def __init__(self, form: dict[str, Any]) -> None:
        self.form = form
        self.errors: list[dict[str, str]] = []
        self.details: list[str] = []

    def refuse(self, parameter: str, message: str, detail: str | None = "") -> None:
        """`detail`: the sentence for the problem's `detail` (default: the message; None:
        said by another field's sentence)."""
        self.errors.append({"parameter": parameter, "message": message})
        if detail is not None:
            self.details.append(detail or message)

    def check(self) -> None:
        """Raise one 422 naming every field refused so far."""
        if len(self.details) > 1:  # "nothing was sent" once, at the end, not after each
            said = [d.replace("; nothing was sent.", ".") for d in self.details]
            self.details = [*said, "Nothing was sent."]
        if self.errors:
            raise Invalid(" ".join(self.details), extra={"errors": self.errors})


def _check_fields(form: Form) -> None:
    unknown = sorted(name for name in form.form if name not in FIELDS)
    said = (
        f"Unknown field(s): {', '.join(unknown)}; nothing was sent. "
        f"The fields are {', '.join(FIELDS)}."
    )
    for number, name in enumerate(unknown):
        form.refuse(name, "is not a known field", said if number == 0 else None)


def _check_repeated(form: Form) -> None:
    """A field sent twice (`-F dry_run=true -F dry_run=false`, two files) is named as
    such; its first value is read on, so it is not refused again as a value it is not
    ("not '['true', 'false']'", "Send the rows as a file field named 'file'")."""
    for name in FIELDS:
        values = form.form.get(name)
        if isinstance(values, list):
            said = f"{name} is given {len(values)} times: give it once; nothing was sent."
            form.refuse(name, f"is given {len(values)} times: give it once", said)
            form.form[name] = values[0]


def _dry_run(form: Form) -> bool:
    value = str(form.form.get("dry_run") or "").strip().lower()
    if value not in YES + NO:
        form.refuse(
            "dry_run",
            f"dry_run must be true or false, not '{form.form.get('dry_run')}'; nothing was sent.",
        )
    return value in YES


def _options(form: Form) -> dict[str, Any]:
    message = str(form.form.get("message") or "")
    if len(message) > 5000:
        form.refuse("message", "message must be at most 5000 characters; nothing was sent.")
    options: dict[str, Any] = {"message": message}
    days = str(form.form.get("expires_in_days") or "").strip()
    if days:
        if not days.isdigit() or not 1 <= int(days) <= 365:
            form.refuse(
                "expires_in_days", "expires_in_days must be a whole number of days from 1 to 365."
            )
        else:
            options["expires_in_days"] = int(days)
    return options


def _template_id(form: Form) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(form.form.get("template_id") or ""))
    except ValueError:
        form.refuse(
            "template_id",
            "Send the template_id of a published template (a UUID, from GET /api/v1/templates).",
        )
        return None


async def _upload(form: Form) -> tuple[bytes, str]:
    upload = form.form.get("file")
    if not isinstance(upload, UploadFile):
        form.refuse("file", "Send the rows as a file field named 'file' (CSV or XLSX).")
        return b"", ""
    data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # a 413 as when the whole body is over the limit
        raise FileTooLarge(
            f"The file is larger than {MAX_FILE_BYTES // 10**6} MB, the most a bulk "
            "send takes: split it into several files."
        )
    return data, upload.filename or ""


#: the form in the OpenAPI schema: the fields above, and no others
FORM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["file", "template_id"],
    additional_properties=False,
    properties={
        "file": Schema(
            type=OpenAPIType.STRING,
            format=OpenAPIFormat.BINARY,
            description="The rows: a CSV (UTF-8) or XLSX file, up to 20 MB.",
        ),
        "template_id": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.UUID),
        "dry_run": Schema(
            type=OpenAPIType.BOOLEAN,
            description="true: the preview only (mapping, row errors); nothing is sent.",
        ),
        "message": Schema(type=OpenAPIType.STRING, max_length=5000),
        "expires_in_days": Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=365),
    },
)


async def _multipart_only(request: Request) -> None:
    """Before the body is parsed: a JSON or urlencoded body would only get the parser's
    "Invalid multipart/form-data"; say what to send instead (415, as templates do)."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType(
            "Send the rows as multipart/form-data: the CSV or XLSX in a file field named "
            "'file' and the template_id beside it (curl -F file=@rows.csv -F template_id=…)."
        )


#: a page of the list: the bulk send that `BULK_STARTED` began, done; an item counts its
#: failures (`failure_count`) and leaves the list of them to the bulk send's progress
BULK_LIST: dict[str, Any] = {
    "items": [
        {
            **{k: v for k, v in ex.BULK_STARTED.items() if k != "failures"},
            "failure_count": 0,
            "status": "done",
            "created": 2,
            "queued": 0,
            "progress": 1.0,
            "finished_at": "2026-11-27T04:05:09Z",
        }
    ],
    "page": 1,
    "per_page": 20,
    "total": 1,
}


class BulkSendsController(Controller):
    path = "/api/v1/bulk-sends"
    tags = ["bulk sends"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @post(
        "/",
        summary="Preview (dry_run=true) or start a bulk send: one envelope per row",
        status_code=202,
        request_max_body_size=MAX_FILE_BYTES + MULTIPART_OVERHEAD,
        before_request=_multipart_only,
        opt={
            "scope": "send",
            "problems": {
                **UNKNOWN_TEMPLATE,
                "415": "The body is not sent as `multipart/form-data`",
                "409": "The template is archived (restore it in the template library), or "
                "the Idempotency-Key was used with another form, or its first request is "
                "still being handled",
            },
            "problem_examples": {
                "409": [
                    ("The template is archived", conflicts.TEMPLATE_ARCHIVED),
                    ("The key was used with another form", conflicts.BULK_KEY_REUSED),
                ]
            },
        },
        operation_class=documented(
            request=("Preview a CSV first", ex.BULK_FORM), request_schema=FORM_SCHEMA
        ),
        responses={
            200: response("The preview (dry_run=true): nothing sent", ex.BULK_PREVIEW),
            202: response("Started: envelopes are created in the background", ex.BULK_STARTED),
        },
    )
    async def create(
        self,
        caller: Caller,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
        idempotency_key: Annotated[
            str | None,
            HeaderParameter(
                name=idempotency.HEADER,
                description="Any unique text (a UUID): a send retried with the same key and "
                "form gets the first answer again, and starts nothing twice (kept 24 hours; "
                "a preview, dry_run=true, does not read it)",
            ),
        ] = None,
    ) -> Response[dict[str, Any]]:
        require(caller, "send")
        form = Form(data)
        _check_fields(form)
        _check_repeated(form)
        dry_run = _dry_run(form)
        template_id = _template_id(form)
        content, filename = await _upload(form)
        options = _options(form)
        form.check()
        assert template_id is not None  # checked: form.check() refuses a missing one
        if dry_run:
            preview = await service.prepare(caller.organisation_id, template_id, content, options)
            preview["sample"] = preview.pop("requests")[:20]
            return Response(preview, status_code=200)

        async def start() -> dict[str, Any]:
            return await service.start(
                caller.organisation_id,
                template_id,
                content,
                options,
                filename=filename,
                actor="api",
            )

        if idempotency_key is None:
            return Response(await start(), status_code=202)
        # what the form says, the file by its hash: the same upload sent again is the same
        sent = {
            "template_id": str(template_id),
            "options": options,
            "filename": filename,
            "file_sha256": hashlib.sha256(content).hexdigest(),
        }
        return await idempotency.once(
            caller.organisation_id,
            idempotency_key,
            sent,
            start,
            status_code=202,
            names="bulk send",
            look="GET /api/v1/bulk-sends",
        )

    @get(
        "/",
        summary="List bulk sends, newest first, each with its progress and failure_count "
        "(the failures themselves: GET /api/v1/bulk-sends/{bulk_id})",
        opt={"max_per_page": service.MAX_PER_PAGE},
        operation_class=documented(responses={200: [("One page", BULK_LIST)]}),
        dependencies={"query_checked": Provide(check_page_query)},
    )
    async def list_bulks(
        self,
        caller: Caller,
        query_checked: bool,  # both of page and per_page named at once (list_query.py)
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> dict[str, Any]:
        require(caller, "read")
        return await service.list_bulks(caller.organisation_id, page=page, per_page=per_page)

    @get("/{bulk_id:uuid}", summary="Progress of a bulk send")
    async def progress(self, caller: Caller, bulk_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        return await service.get_bulk(caller.organisation_id, bulk_id)
