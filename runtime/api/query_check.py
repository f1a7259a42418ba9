"""Refuse query parameters an API filter does not take, instead of ignoring them.

`GET /api/v1/envelopes/export.zip?stauts=completed` exported every sealed PDF, and
`GET /api/v1/envelopes?from=2026-11-01` listed every envelope (the list calls it
`created_from`): a misspelt filter widened the answer without a word. Operations that take
query parameters answer 422 naming each unknown one and the ones they take, and then
each one given more than once.
"""

from typing import Any

from litestar import Litestar, Request
from litestar.handlers import HTTPRouteHandler

from runtime.api.auth import provide_caller
from runtime.errors import Invalid

#: a name another API operation uses for the same filter: say which to use here
SAME_MEANING = {
    ("from", "created_from"): "created_from",
    ("to", "created_to"): "created_to",
    ("created_from", "from"): "from",
    ("created_to", "to"): "to",
}


def _hook(known: frozenset[str], single: frozenset[str]) -> Any:
    async def refuse_unknown(request: Request) -> None:
        unknown = sorted(set(request.query_params) - known)
        if not unknown:
            return await _refuse_repeated(request, single)
        await provide_caller(request)  # a missing or wrong key is still a 401 first
        errors = []
        for name in unknown:
            message = "is not a parameter of this operation"
            for (given, meant), use in SAME_MEANING.items():
                if name == given and meant in known:
                    message = f"is not a parameter here: use {use}"
            errors.append({"parameter": name, "message": message})
        takes = ", ".join(sorted(known)) if known else "no parameters"
        detail = f"Unknown parameter(s): {', '.join(unknown)}. This operation takes {takes}."
        raise Invalid(detail, extra={"errors": errors})

    return refuse_unknown


async def _refuse_repeated(request: Request, single: frozenset[str]) -> None:
    """A filter given twice (`?status=sent&status=completed`) is a 422: only one of the
    values was used, so the answer held the completed envelopes alone, as if the sent ones
    did not exist, where the caller may have meant either."""
    counts = {n: len(request.query_params.getall(n, [])) for n in sorted(single)}
    repeated = {name: count for name, count in counts.items() if count > 1}
    if not repeated:
        return
    await provide_caller(request)
    errors = [
        {"parameter": name, "message": f"is given {count} times: give it once"}
        for name, count in repeated.items()
    ]
    said = "; ".join(f"{name} is given {count} times" for name, count in repeated.items())
    raise Invalid(f"Give each parameter once: {said}.", extra={"errors": errors})


def refuse_unknown_query_parameters(app: Litestar) -> None:
    """On every /api/ GET, also those that take no parameter (`GET /api/v1/templates?
    status=archived` listed every template, as if it had filtered)."""
    for route in app.routes:
        handlers = getattr(route, "route_handler_map", {})
        if not route.path.startswith("/api/") or "GET" not in handlers:
            continue
        handler, kwargs_model = handlers["GET"]
        known = frozenset(p.field_alias for p in kwargs_model.expected_query_params)
        single = frozenset(
            p.field_alias for p in kwargs_model.expected_query_params if not p.is_sequence
        )
        if isinstance(handler, HTTPRouteHandler) and handler.before_request is None:
            handler.before_request = _hook(known, single)
