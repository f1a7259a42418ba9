"""/api/v1/verify: check a sealed PDF sent as the request body (application/pdf)."""

from typing import Any

from litestar import Controller, Request, post
from litestar.di import Provide

from runtime.accounts.service import Caller
from runtime.api import verify_examples as vex
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.api.templates import UnsupportedMediaType
from runtime.errors import DomainError
from runtime.settings import Settings
from runtime.verification.english import english_report
from runtime.verification.service import MAX_PDF_BYTES, verify_upload


class VerifyApiController(Controller):
    path = "/api/v1/verify"
    tags = ["verification"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @post(
        "/",
        summary="Verify a sealed PDF (the body is the PDF)",
        status_code=200,
        response_description="The report. `sealed_by_this_instance` means sealed by this "
        "service (its certificate chains to this service's trust roots); the name is kept "
        "so that existing clients keep working",
        request_max_body_size=MAX_PDF_BYTES,
        opt={"problems": {"415": "The PDF is sent as a form upload, not as the body"}},
        operation_class=documented(
            request_media_type="application/pdf",
            request=("The sealed PDF's bytes", "%PDF-1.7 …"),
            responses={
                200: [
                    ("A sealed PDF from this service, unchanged", vex.VERIFIED),
                    (
                        "The same PDF after its envelope's data was deleted at the end of "
                        "its retention period",
                        vex.VERIFIED_PURGED,
                    ),
                ]
            },
        ),
    )
    async def verify(self, caller: Caller, request: Request, settings: Settings) -> dict[str, Any]:
        require(caller, "read")
        if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            # curl -F file=@sealed.pdf: the form's parts are not a PDF; say what to send
            # instead of answering "This file is not a PDF." about a sealed PDF
            raise UnsupportedMediaType(
                "Send the PDF itself as the request body (Content-Type: application/pdf; "
                "curl --data-binary @sealed.pdf), not as a form upload."
            )
        data = await request.body()
        if not data:
            raise DomainError(  # a 400, as every empty body (docs/api.md)
                "The request body is empty: send the PDF as the body "
                "(Content-Type: application/pdf; curl --data-binary @sealed.pdf).",
                extra={"errors": [{"path": "$", "message": "is required"}]},
            )
        # in the English /verify page's words: "Stage 1" beside the field `Stage1` (docs/api.md)
        return english_report(await verify_upload(settings, data))
