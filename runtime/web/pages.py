"""Rendering pages from the theme, and facts about the client."""

from typing import Any

from litestar import Request
from litestar.response import Template


def page(name: str, status_code: int = 200, **context: Any) -> Template:
    """A full page from themes/<theme>/pages/."""
    return Template(template_name=f"pages/{name}", context=context, status_code=status_code)


def client_ip(request: Request) -> str:
    client = request.client
    return client.host if client else ""


def user_agent(request: Request) -> str:
    return request.headers.get("user-agent", "")[:400]


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")
