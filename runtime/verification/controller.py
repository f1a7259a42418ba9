"""/verify: upload a sealed PDF and read a plain report, in the reader's language (the one
chosen on the page, `?language=fr`, carried to the report by the upload form; else the
browser's Accept-Language; else English)."""

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from litestar.utils.scope.state import ScopeState

from runtime import i18n
from runtime.files import MULTIPART_OVERHEAD
from runtime.i18n import gettext as _
from runtime.i18n.jinja import file_size
from runtime.settings import Settings
from runtime.verification.findings import finding_words, unbroken_dates
from runtime.verification.service import MAX_PDF_BYTES, records_words, verify_upload
from runtime.verification.signatures import signature_rows
from runtime.web.pages import page


def _language(request: Request, chosen: Any = None) -> str:
    """The page's language: the reader's choice, else their browser's, else English."""
    wanted = i18n.supported(str(chosen or request.query_params.get("language") or ""))
    return i18n.set_language(wanted or i18n.negotiate(request.headers.get("accept-language")))


def _upload_page(status_code: int = 200, error: str = "") -> Template:
    return page("verify/upload.html", status_code=status_code, error=error, max_bytes=MAX_PDF_BYTES)


def _too_large() -> str:
    return _(
        "The file is larger than %(size)s; a sealed PDF from this service is much smaller.",
        size=file_size(MAX_PDF_BYTES),
    )


def _refused_unread(request: Request, exc: Exception) -> Template:
    """A body over the route's limit is refused before it is read (the CSRF check reads the
    form first): the upload page again with its own words, not the generic "Request too
    large" page. The language comes from the form's address (`?language=`), as the form's
    fields were never read. The form shown again carries the CSRF cookie's token (the check
    that reads it never ran), so choosing a smaller file and sending it works."""
    _language(request)
    config = request.app.csrf_config
    if config is not None and (cookie := request.cookies.get(config.cookie_name)):
        ScopeState.from_scope(request.scope).csrf_token = cookie
    return _upload_page(413, _too_large())


class VerifyController(Controller):
    path = "/verify"
    include_in_schema = False
    # on the controller: the router picks one handler's exception handlers for the path
    exception_handlers = {413: _refused_unread}

    @get("/")
    async def form(self, request: Request) -> Template:
        _language(request)
        return _upload_page()

    @get("/trusted-certificate")
    async def trusted_certificate(self) -> Template:
        return page("verify/trusted_certificate.html")

    @post("/", request_max_body_size=MAX_PDF_BYTES + MULTIPART_OVERHEAD)
    async def check(
        self,
        request: Request,
        settings: Settings,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Template:
        language = _language(request, data.get("language"))
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _upload_page(422, _("Choose a PDF file to check."))
        content = await upload.read(MAX_PDF_BYTES + 1)
        if len(content) > MAX_PDF_BYTES:
            return _upload_page(413, _too_large())
        report = await verify_upload(settings, content)
        return page(
            "verify/report.html",
            report=report,
            # dates stay on one line, however narrow the column (unbroken_dates)
            records=[unbroken_dates(words) for words in records_words(report)],
            findings=[unbroken_dates(finding_words(reason)) for reason in report["reasons"]],
            # each signature's label ("Stage 1"), who made it, and its reason in the page's
            # language ("… (stage completed 2026-11-29 09:43:34 UTC)", the date on one line)
            signatures=signature_rows(report),
            # a valid seal of this service's key whose envelope this service does not know
            no_record=report["records_checked"] and not report["known_envelope"],
            filename=upload.filename,
            again=f"/verify?language={language}",
        )
