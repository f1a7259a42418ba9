"""The documents a signer reads at /s/<token>: the draft with the answers so far
(/document.pdf), the confirmation page after finishing (/done) and the sealed PDF it
downloads (/sealed.pdf). Thin, as the wizard's controller (controller.py): who may read
what is decided in signing.gate, what the page shows in signing.seal_state."""

from litestar import Controller, Request, Response, get
from litestar.response import Redirect, Stream, Template

from runtime.envelopes.downloads import sealed_pdf_filename
from runtime.errors import Conflict, NotFound
from runtime.file_names import content_disposition, draft_pdf_name
from runtime.files import stream_download
from runtime.i18n import gettext as _
from runtime.settings import Settings
from runtime.signing import service
from runtime.signing.draft_document import draft_pdf
from runtime.signing.gate import check_download_identity, identity_passed, may_download, open_ctx
from runtime.signing.seal_state import done_context
from runtime.signing.views import base
from runtime.web.pages import page


class SignerDocumentsController(Controller):
    path = "/"
    include_in_schema = False

    @get("/done")
    async def done(self, token: str, request: Request, settings: Settings) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        if not may_download(ctx):
            return Redirect(base(token) + "/")
        # the page shows no answers; its download asks for the identity check first in a
        # browser that has not passed it (the link may have been forwarded)
        code_first = not identity_passed(ctx, request, settings)
        return page(
            "signer/done.html",
            ctx=ctx,
            base=base(token),
            just_finished=request.query_params.get("finished") == "1",
            # sent here by a consent or decline form sent after finishing: nothing changed
            already=request.query_params.get("already") == "1",
            code_first=code_first,
            # right after the identity check asked for by the download: it starts by itself
            start_download=request.query_params.get("download") == "1" and not code_first,
            **await done_context(ctx),
        )

    @get("/document.pdf")
    async def draft_document(
        self, token: str, request: Request, settings: Settings
    ) -> Response | Redirect:
        """The document with the answers so far, marked DRAFT, to read before signing."""
        ctx = await open_ctx(token, request, settings)
        if ctx.finished:  # signed meanwhile (another window): the confirmation, as a step does
            return Redirect(base(token) + "/done")
        await service.ensure_can_act(ctx)
        pdf = await draft_pdf(settings, ctx)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": content_disposition(
                    draft_pdf_name(ctx.definition.name), inline=True
                ),
                "Cache-Control": "no-store",
            },
        )

    @get("/sealed.pdf")
    async def sealed_pdf(self, token: str, request: Request, settings: Settings) -> Stream:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        if not may_download(ctx):
            raise NotFound(_("The sealed document is available once you have signed."))
        if ctx.envelope["sealed_file"] is None:
            raise Conflict(_("Your document is still being sealed. Try again in a moment."))
        check_download_identity(ctx, request, settings, token)  # to /verify, then back
        return await stream_download(
            settings,
            ctx.envelope["organisation"],
            ctx.envelope["sealed_file"],
            await sealed_pdf_filename(ctx.envelope),
        )
