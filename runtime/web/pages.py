"""Rendering pages from the theme, and facts about the client."""

from typing import Any

from litestar import MediaType, Request
from litestar.response import Template

from runtime.themes import ThemeChoice, themed


def page(
    name: str, status_code: int = 200, *, theme: ThemeChoice | None = None, **context: Any
) -> Template:
    """A full page from themes/<theme>/pages/ (runtime/themes.py: most specific first).

    Signer pages pass their SigningContext as ``ctx``; its theme choice and brand are used
    unless ``theme`` / ``brand`` are given, so every signer page is branded alike.
    """
    return Template(
        template_name=themed(f"pages/{name}", _signer_theme(theme, context)),
        context=context,
        status_code=status_code,
        media_type=_media_type(name),
    )


def partial(name: str, *, theme: ThemeChoice | None = None, **context: Any) -> Template:
    """A partial from themes/<theme>/partials/ (htmx answers), with the same theme choice."""
    return Template(
        template_name=themed(f"partials/{name}", _signer_theme(theme, context)),
        context=context,
        media_type=_media_type(name),
    )


def _signer_theme(theme: ThemeChoice | None, context: dict[str, Any]) -> ThemeChoice | None:
    """The theme given, else the signer's (``ctx``); puts the signer's brand in the context
    unless one is given."""
    ctx = context.get("ctx")
    if "brand" not in context and getattr(ctx, "brand", None) is not None:
        context["brand"] = ctx.brand  # type: ignore[union-attr]
    return getattr(ctx, "theme_choice", None) if theme is None else theme


def _media_type(name: str) -> MediaType | None:
    """HTML for .html templates, said here: otherwise Litestar guesses it from the name's
    suffixes (pathlib and mimetypes) on every response."""
    return MediaType.HTML if name.endswith(".html") else None


def client_ip(request: Request) -> str:
    client = request.client
    return client.host if client else ""


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:400]


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")
