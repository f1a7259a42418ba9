"""Every problem of the envelope list's query parameters in one 422.

`GET /api/v1/envelopes?status=lost&page=two` named only `page` (Litestar checks the types
before the handler runs), and the answer after the fix named only `status`: one problem per
try. This dependency reads the raw query string before either, and names them all, in the
words each check uses alone (docs/api.md, "Every problem at once").
"""

import uuid
from datetime import date
from typing import Any

from litestar import Request

from runtime.accounts.service import Caller
from runtime.envelopes.actions import MAX_PER_PAGE, STATUSES
from runtime.paging import invalid_parameters, read_page

DEFAULT_PER_PAGE = 20


async def check_list_query(request: Request[Any, Any, Any], caller: Caller) -> bool:
    """True, or one 422 naming every wrong parameter (after the key: a 401 comes first)."""
    query = request.query_params
    errors: list[dict[str, str]] = []
    status = query.get("status")
    if status is not None and status not in STATUSES:
        message = f"Unknown status '{status}'. Use one of: {', '.join(STATUSES)}."
        errors.append({"parameter": "status", "message": message})
    if query.get("template_id"):
        try:
            uuid.UUID(str(query.get("template_id")))
        except ValueError:
            errors.append({"parameter": "template_id", "message": "must be a UUID"})
    days: dict[str, date] = {}
    for name in ("created_from", "created_to"):
        value = str(query.get(name) or "").strip()
        if not value:
            continue
        try:
            days[name] = date.fromisoformat(value)
        except ValueError:
            message = f"{name} must be a date like 2026-11-27."
            errors.append({"parameter": name, "message": message})
    if len(days) == 2 and days["created_to"] < days["created_from"]:
        message = "created_to is before created_from."
        errors.append({"parameter": "created_to", "message": message})
    errors += read_page(query, MAX_PER_PAGE, DEFAULT_PER_PAGE)[2]
    if errors:
        raise invalid_parameters(errors)
    return True


async def check_page_query(request: Request[Any, Any, Any], caller: Caller) -> bool:
    """True, or one 422 naming both of `page` and `per_page` when both are wrong, for a list
    that takes no filter (its largest `per_page` is its handler's `opt["max_per_page"]`)."""
    max_per_page = request.route_handler.opt["max_per_page"]
    if errors := read_page(request.query_params, max_per_page, DEFAULT_PER_PAGE)[2]:
        raise invalid_parameters(errors)
    return True
