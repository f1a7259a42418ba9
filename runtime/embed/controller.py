"""/embed/<template-slug>?token=<JWT>[&origin=<parent origin>] and the host-page script."""

from pathlib import Path

from litestar import Controller, Request, Response, get
from litestar.response import Redirect

from runtime.embed import service
from runtime.embed.tokens import TokenRefused
from runtime.errors import DomainError, NotFound
from runtime.settings import Settings
from runtime.web import limits


class Unauthorised(DomainError):
    status_code = 401
    title = "Not signed in"


class EmbedController(Controller):
    path = "/embed"
    include_in_schema = False

    @get("/{template_slug:str}")
    async def open_form(self, template_slug: str, request: Request, settings: Settings) -> Redirect:
        token = request.query_params.get("token", "")
        try:
            if not token:
                raise Unauthorised("This embedded form needs a sign-in token from your intranet.")
            try:
                url = await service.start(
                    settings, template_slug, token, request.query_params.get("origin")
                )
            except TokenRefused as exc:
                raise Unauthorised(str(exc)) from None
        except (Unauthorised, NotFound):
            await limits.count_failed_link(request, settings)  # 429 once over budget
            raise
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
