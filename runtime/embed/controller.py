"""/embed/<template-slug>?token=<JWT>[&origin=<parent origin>] and the host-page script."""

from pathlib import Path

from litestar import Controller, Request, Response, get
from litestar.response import Redirect, Template

from runtime.embed import refusals, service
from runtime.embed.tokens import TokenRefused
from runtime.errors import DomainError, NotFound, TooManyRequests
from runtime.logging_setup import REQUEST_ID
from runtime.settings import Settings
from runtime.web import limits
from runtime.web.pages import page


class Unauthorised(DomainError):
    status_code = 401
    title = "Not signed in"


class EmbedController(Controller):
    path = "/embed"
    include_in_schema = False

    @get("/{template_slug:str}")
    async def open_form(
        self, template_slug: str, request: Request, settings: Settings
    ) -> Redirect | Template:
        token = request.query_params.get("token", "")
        origin = request.query_params.get("origin")
        detail = ""
        try:
            if not token:
                raise Unauthorised(
                    "This embedded form needs a sign-in token from your intranet; the page "
                    "gave none (its data-token is empty)."
                )
            try:
                url = await service.start(settings, template_slug, token, origin)
            except TokenRefused as exc:
                detail = exc.detail
                raise Unauthorised(str(exc)) from None
        except DomainError as exc:
            # the page saying why is framed where the form would have been (no broken frame)
            request.state.frame_ancestors = await refusals.frame_origins(token, origin)
            # the page in the person's language (the reason stays as the log words it)
            await refusals.page_language(
                request.headers.get("accept-language"), token, template_slug
            )
            refusals.log_refusal(template_slug, origin, token, exc.status_code, exc.detail, detail)
            refused: DomainError = exc
            if isinstance(exc, Unauthorised | NotFound):
                try:
                    await limits.count_failed_link(request, settings)
                except TooManyRequests as over:  # over budget: say that, in the same frame
                    refused = over
            response = page(
                "signer/embed_refused.html",
                status_code=refused.status_code,
                reason=refused.detail,
                # English as logged, for whoever runs the intranet; the rate limit is translated
                reason_lang="" if isinstance(refused, TooManyRequests) else "en",
                reference=REQUEST_ID.get(),
                embed_origin=refusals.asking_origin(origin),
            )
            response.headers.update(getattr(refused, "headers", None) or {})  # Retry-After
            return response
        return Redirect("/" + url.split("/", 3)[3], status_code=303)


EMBED_JS = Path(__file__).resolve().parent / "embed.js"


@get("/embed.js", include_in_schema=False, cache=300)
async def embed_script() -> Response[bytes]:
    """The one-line script an intranet page includes to show a form in a resizing iframe."""
    return Response(
        EMBED_JS.read_bytes(),
        media_type="text/javascript",  # Litestar adds the charset
        headers={"Cache-Control": "public, max-age=300"},  # intranet pages load it often
    )
