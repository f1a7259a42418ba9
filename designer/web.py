"""Shared plumbing for designer screens: full pages or htmx partials, and small parsers."""

from collections.abc import Mapping
from typing import Any, TypeVar

from litestar import Request
from litestar.response import Template

from designer.accounts.sessions import SessionUser


def is_htmx(request: Request) -> bool:
    """An htmx request that wants a fragment (not a history restore, which needs a page)."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def page(page_name: str, user: SessionUser, *, status_code: int = 200, **context: Any) -> Template:
    """A full designer page from themes/<theme>/pages/designer/."""
    return Template(
        template_name=f"pages/designer/{page_name}",
        context={"user": user, **context},
        status_code=status_code,
    )


def partial(
    partial_name: str,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> Template:
    """A fragment from themes/<theme>/partials/designer/ (names start with `_`)."""
    return Template(
        template_name=f"partials/designer/{partial_name}",
        context=context,
        status_code=status_code,
        headers=dict(headers or {}),
    )


def view(
    request: Request, page_name: str, partial_name: str, user: SessionUser, **context: Any
) -> Template:
    """The partial for htmx, the whole page otherwise (CONVENTIONS.md 6)."""
    if is_htmx(request):
        return partial(partial_name, user=user, **context)
    return page(page_name, user, **context)


async def form_data(request: Request) -> dict[str, Any]:
    """The posted form as a plain dict; repeated names become lists."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = form.getall(key)
        data[key] = values if len(values) > 1 else values[0]
    return data


def text(data: Mapping[str, Any], key: str, limit: int = 2000) -> str:
    value = data.get(key, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value)[:limit] if isinstance(value, str) else ""


Default = TypeVar("Default")


def whole_number(data: Mapping[str, Any], key: str, limit: int, default: Default) -> int | Default:
    """A whole number posted in `key` (at most `limit` characters); `default` when it is
    empty or not only digits (a position, a step, the revision a page was built on)."""
    value = text(data, key, limit)
    return int(value) if value.isdigit() else default


def flag(data: Mapping[str, Any], key: str) -> bool:
    return text(data, key).lower() in {"1", "true", "yes", "on"}


def as_list(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if isinstance(v, str)]
