"""/api/v1: archive search, exports, envelope tags and template retention.

Mounted beside the envelope controller: the paths here are static (`search`,
`export.csv`), so they never collide with `/api/v1/envelopes/{id}`.
"""

import datetime as dt
import uuid
from typing import IO, Annotated, Any

import msgspec
from litestar import Controller, Request, get, put, route
from litestar.di import Provide
from litestar.params import Parameter, QueryParameter
from litestar.response import Stream

from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api import examples_settings as exs
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.api.openapi import UNKNOWN_TEMPLATE
from runtime.archive import exports, retention, search, tags
from runtime.archive.filters import STATUSES, ArchiveFilter, parse_filter
from runtime.archive.rows import answer_fields
from runtime.archive.sealed_zip import sealed_zip
from runtime.download import GET_AND_HEAD, Download
from runtime.errors import Invalid
from runtime.paging import invalid_parameters, read_page
from runtime.settings import Settings


class TagsIn(msgspec.Struct, forbid_unknown_fields=True):
    #: the envelope's tags from now on; an empty list (or none) removes them all
    tags: list[Annotated[str, msgspec.Meta(max_length=40)]] = []


class RetentionIn(msgspec.Struct, forbid_unknown_fields=True):
    #: days after an envelope ends before it is purged; null (or absent) keeps them for ever
    days: Annotated[int, msgspec.Meta(ge=1, le=36500)] | None = None
    #: true: save a period that puts finished envelopes past it at once (they are purged
    #: within the hour); without it such a period is a 409 saying how many would go
    confirm_immediate_deletion: bool = False


async def provide_filter(
    request: Request[Any, Any, Any],
    q: Annotated[
        str,
        Parameter(
            description="Words that start words in names, emails, "
            "the template's name, tags or answers"
        ),
    ] = "",
    status: Annotated[
        str,
        Parameter(description=f"{', '.join(STATUSES[:-1])} or {STATUSES[-1]}"),
    ] = "",
    template_id: Annotated[str, Parameter(description="A template's id")] = "",
    tag: Annotated[str, Parameter(description="Envelopes carrying this tag")] = "",
    sender: Annotated[str, Parameter(description="The sender's email")] = "",
    team: Annotated[str, Parameter(description="The sender's email domain")] = "",
    date_from: Annotated[
        str, QueryParameter(name="from", description="Sent on or after (YYYY-MM-DD, UTC)")
    ] = "",
    date_to: Annotated[
        str, QueryParameter(name="to", description="Sent on or before (YYYY-MM-DD, UTC)")
    ] = "",
) -> ArchiveFilter:
    """The archive filter from documented query parameters: one 422 naming every wrong
    one, with search's `page` and `per_page` (a page that is not a number, out of range or
    past the last match that can be paged to) among them (docs/api.md, "Every problem at
    once"). Before, a wrong filter hid the rest: one problem per try."""
    errors: list[dict[str, str]] = []
    try:
        archive_filter = parse_filter(
            {
                "q": q,
                "status": status,
                "template_id": template_id,
                "tag": tag,
                "sender": sender,
                "team": team,
                "from": date_from,
                "to": date_to,
            }
        )
    except Invalid as exc:
        errors += exc.extra["errors"]
    max_per_page = request.route_handler.opt.get("max_per_page")
    if max_per_page:  # search: its page, read here so that its problems join the filter's
        page, per_page, paging = read_page(
            request.query_params, max_per_page, search.DEFAULT_PER_PAGE
        )
        offset = search.offset_problem(page, per_page) if page and per_page else None
        errors += paging if paging or offset is None else [offset]
    if errors:
        raise invalid_parameters(errors)
    return archive_filter


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.{extension}"


def download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


async def csv_stream(organisation_id: uuid.UUID, f: ArchiveFilter) -> Stream:
    await answer_fields(organisation_id, f.template_id)  # a wrong template is a 404 up front
    return Download(
        exports.csv_chunks(organisation_id, f),
        media_type="text/csv",  # Litestar adds "; charset=utf-8" to text types
        headers=download_headers(filename("envelopes", "csv")),
    )


async def xlsx_stream(organisation_id: uuid.UUID, f: ArchiveFilter) -> Stream:
    handle = await exports.xlsx_file(organisation_id, f)
    return Download(
        exports.file_chunks(handle),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=download_headers(filename("envelopes", "xlsx")),
    )


async def zip_stream(settings: Settings, organisation_id: uuid.UUID, f: ArchiveFilter) -> Stream:
    handle, count = await sealed_zip(settings, organisation_id, f)
    return zip_download(handle, count)


def zip_download(handle: IO[bytes], count: int) -> Stream:
    """The ZIP `sealed_zip` spooled, as a download that says how many PDFs it holds."""
    return Download(
        exports.file_chunks(handle),
        media_type="application/zip",
        headers={
            **download_headers(filename("sealed-pdfs", "zip")),
            "X-Formseal-Files": str(count),
        },
    )


class ArchiveApiController(Controller):
    path = "/api/v1/envelopes"
    tags = ["archive"]
    dependencies = {"caller": Provide(provide_caller), "archive_filter": Provide(provide_filter)}
    guards = [key_first]

    @get(
        "/search",
        summary="Search envelopes: full text and filters, newest first",
        opt={"max_per_page": search.MAX_PER_PAGE, "problems": UNKNOWN_TEMPLATE},
        operation_class=documented(responses={200: [("One page of matches", ex.SEARCH)]}),
    )
    async def search_envelopes(
        self,
        caller: Caller,
        archive_filter: ArchiveFilter,
        page: int = 1,
        per_page: int = search.DEFAULT_PER_PAGE,
    ) -> dict[str, Any]:
        require(caller, "read")
        return await search.search(
            caller.organisation_id, archive_filter, page=page, per_page=per_page
        )

    @route(
        "/export.csv",
        http_method=GET_AND_HEAD,
        summary="Export matching envelopes and their answers as CSV",
        media_type="text/csv",
        opt={"problems": UNKNOWN_TEMPLATE},
        response_description="The matching envelopes, one row each (UTF-8 with a BOM)",
    )
    async def export_csv(self, caller: Caller, archive_filter: ArchiveFilter) -> Stream:
        require(caller, "read")
        return await csv_stream(caller.organisation_id, archive_filter)

    @route(
        "/export.xlsx",
        http_method=GET_AND_HEAD,
        summary="Export matching envelopes and their answers as XLSX",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        opt={"problems": UNKNOWN_TEMPLATE},
        response_description="The matching envelopes as a spreadsheet, one row each",
    )
    async def export_xlsx(self, caller: Caller, archive_filter: ArchiveFilter) -> Stream:
        require(caller, "read")
        return await xlsx_stream(caller.organisation_id, archive_filter)

    @route(
        "/export.zip",
        http_method=GET_AND_HEAD,
        summary="Download the sealed PDFs of matching envelopes as a ZIP",
        media_type="application/zip",
        opt={"problems": UNKNOWN_TEMPLATE},
        response_description="The sealed PDFs and manifest.csv; `X-Formseal-Files` says how "
        "many PDFs",
    )
    async def export_zip(
        self, caller: Caller, archive_filter: ArchiveFilter, settings: Settings
    ) -> Stream:
        require(caller, "read")
        return await zip_stream(settings, caller.organisation_id, archive_filter)

    @put("/{envelope_id:uuid}/tags", summary="Replace an envelope's tags", opt={"scope": "send"})
    async def put_tags(
        self, caller: Caller, envelope_id: uuid.UUID, data: TagsIn
    ) -> dict[str, Any]:
        require(caller, "send")
        stored = await tags.replace_tags(caller.organisation_id, envelope_id, data.tags)
        return {"envelope_id": str(envelope_id), "tags": stored}


class RetentionApiController(Controller):
    path = "/api/v1/templates"
    tags = ["archive"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @get(
        "/{template_id:uuid}/retention",
        summary="A template's retention period",
        operation_class=documented(responses={200: [("Kept for ever", exs.RETENTION)]}),
    )
    async def get_retention(self, caller: Caller, template_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        return await retention.get_policy(caller.organisation_id, template_id)

    @put(
        "/{template_id:uuid}/retention",
        summary="Set or clear a template's retention period",
        opt={
            "scope": "admin",
            "problems": {
                "409": "The period would delete finished envelopes at once: send "
                "confirm_immediate_deletion: true to mean it"
            },
            "problem_examples": {
                "409": [("Would delete at once", conflicts.RETENTION_DELETES_AT_ONCE)]
            },
        },
        operation_class=documented(
            request=("Keep a year after they end", exs.RETENTION_SET),
            responses={200: [("Saved", exs.RETENTION_SAVED)]},
        ),
    )
    async def put_retention(
        self, caller: Caller, template_id: uuid.UUID, data: RetentionIn
    ) -> dict[str, Any]:
        require(caller, "admin")
        if data.days is not None and not data.confirm_immediate_deletion:
            await retention.refuse_immediate_deletion(
                caller.organisation_id, template_id, data.days
            )
        return await retention.set_policy(
            caller.organisation_id, template_id, data.days, actor="api"
        )
