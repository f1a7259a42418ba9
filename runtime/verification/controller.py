"""/verify: upload a sealed PDF and read a plain report."""

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from runtime.errors import Invalid
from runtime.settings import Settings
from runtime.verification.service import MAX_PDF_BYTES, records_words, verify_upload
from runtime.web.pages import page


class VerifyController(Controller):
    path = "/verify"
    include_in_schema = False

    @get("/")
    async def form(self) -> Template:
        return page("verify/upload.html")

    @get("/trusted-certificate")
    async def trusted_certificate(self) -> Template:
        return page("verify/trusted_certificate.html")

    @post("/", request_max_body_size=MAX_PDF_BYTES + 64 * 1024)
    async def check(
        self,
        settings: Settings,
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Template:
        upload = data.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page("verify/upload.html", status_code=422, error="Choose a PDF file to check.")
        content = await upload.read(MAX_PDF_BYTES + 1)
        if len(content) > MAX_PDF_BYTES:
            raise Invalid(
                "The file is larger than 50 MB; a sealed PDF from formseal is much smaller."
            )
        report = await verify_upload(settings, content)
        return page(
            "verify/report.html",
            report=report,
            records=records_words(report),
            filename=upload.filename,
        )
