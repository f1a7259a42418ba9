"""One place that turns errors into answers: problem details for the API, pages for people."""

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    InternalServerException,
    SerializationException,
    ValidationException,
)
from litestar.response import Template
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState

from components.json_numbers import too_large_number
from runtime.errors import DomainError
from runtime.web.body_problems import AT_PATH, body_problems, problem
from runtime.web.enum_values import allowed_values
from runtime.web.pages import wants_json

log = logging.getLogger("formseal.web")

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    410: "Gone",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Service unavailable",
}


def _problem(status: int, detail: str, extra: dict[str, Any] | None = None) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update(extra or {})
    return Response(body, status_code=status, media_type="application/problem+json")


def _page(status: int, detail: str) -> Template:
    return Template(
        template_name="pages/error.html",
        context={"title": TITLES.get(status, "Error"), "detail": detail, "status": status},
        status_code=status,
        media_type=MediaType.HTML,
    )


EMPTY_BODY = "The request body is empty: send a JSON object."
NOT_JSON = "The request body is not valid JSON."
#: Litestar's words when the client closed the connection before its body was read
CLIENT_GONE = "client disconnected prematurely"
#: nginx's status for a request its client closed: not a fault of the server (no 5xx)
CLIENT_CLOSED_REQUEST = 499
OUR_SIDE = "Something went wrong on our side. Nothing was changed; please try again."


def _validation_errors(exc: ValidationException) -> tuple[str, list[dict[str, str]]]:
    """Litestar reports body errors against `data`; msgspec's message names the real path.
    Query and path parameters are named as such, not as parts of a body."""
    errors = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            message = str(item.get("message", ""))
            if item.get("source") in ("query", "path"):
                errors.append({"parameter": str(item.get("key")), "message": message})
                continue
            key = item.get("key")
            if key == "data" and message == "'data'":  # no body at all: Litestar's KeyError
                return EMPTY_BODY, [{"path": "$", "message": "is required"}]
            path = "$" if key in (None, "data") or AT_PATH.match(message) else f"$.{key}"
            errors.append(problem(path, message))
    if errors and all("parameter" in e for e in errors):
        names = ", ".join(f"'{e['parameter']}'" for e in errors)
        if len(errors) == 1:
            return f"The parameter {names} is not valid.", errors
        return f"The parameters {names} are not valid.", errors
    return "The request body is not valid.", errors


def every_body_problem(request: Request, errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """For the API: every problem of the body (msgspec names only the first), beside the
    parameters' problems."""
    handler = request.scope.get("route_handler")
    signature = getattr(handler, "parsed_fn_signature", None)
    data = signature.parameters.get("data") if signature is not None else None
    body = ScopeState.from_scope(request.scope).json
    if data is None or body is Empty or not any("path" in e for e in errors):
        return errors
    try:
        every = body_problems(data.annotation, body)
    except Exception:  # noqa: BLE001 - a type the walk does not know: msgspec's first
        log.warning("could not list every body problem", exc_info=True)
        return errors
    return [e for e in errors if "path" not in e] + every if every else errors


_PLAIN = {  # msgspec's words for a query parameter, which is always text ("got `str`")
    re.compile(r"^Expected `int( \| null)?`, got `str`$"): "must be a whole number",
    re.compile(r"^Expected `bool( \| null)?`, got `str`$"): "must be true or false",
    re.compile(r"^Invalid UUID$"): "must be a UUID",
}


def listed(errors: list[dict[str, str]]) -> str:
    """A `detail` naming every problem, so one answer says all there is to change."""
    for error in errors:
        for pattern, wording in _PLAIN.items():
            if "parameter" in error and pattern.match(error["message"]):
                error["message"] = wording
    said = [
        f"{name} {m}" if m[:1].islower() else f"{name}: {m}"
        for e in errors
        for name, m in [(e.get("path") or e.get("parameter"), e["message"])]
    ]
    if all("parameter" in e for e in errors):
        what = "The parameter is" if len(said) == 1 else "The parameters are"
        return f"{what} not valid: {'; '.join(said)}."
    if len(said) == 1:
        return f"The request body is not valid: {said[0]}."
    what = "request body" if all("path" in e for e in errors) else "request"
    return f"The {what} has {len(said)} problems: {'; '.join(said)}."


def _is_api(request: Request) -> bool:
    return str(request.scope.get("path", "")).startswith("/api/")


def _too_large(request: Request, *, person: bool) -> str:
    """Say the limit, so a caller knows what to split or shrink. A person who sent a form
    without JavaScript (a 5 MB logo on Settings -> Brand) is told it in a form's words:
    "the request body … this endpoint" told them nothing they could act on."""
    handler = request.scope.get("route_handler")
    limit = getattr(handler, "resolve_request_max_body_size", lambda: None)()
    if person:
        takes = ""
        if limit:
            from components.fields.file_limit import size_words

            takes = f": this form takes at most {size_words(limit, at_most=True)} in all"
        return (
            f"What you sent is too large{takes}. Go back and choose a smaller file; the "
            "form says how large each may be."
        )
    if not limit:
        return "The request body is too large."
    # MB of 1,000,000 bytes, as every size formseal names; rounded down, never more
    from components.fields.file_limit import size_words

    size = size_words(limit, at_most=True)
    return f"The request body is too large: this endpoint takes at most {size}."


def handle_exception(request: Request, exc: Exception) -> Response:
    """Map every error to the right status; never leak internals to users."""
    if isinstance(exc, InternalServerException) and exc.detail == CLIENT_GONE:
        # a signer's autosave cut off by their own Continue, an upload cancelled: nobody
        # reads the answer, and it is no fault here, so no 500 in the metrics and the log
        log.info("client closed the connection on %s", request.scope.get("route_handler"))
        return Response(b"", status_code=CLIENT_CLOSED_REQUEST)
    status, detail, extra = _answer(request, exc)
    response = _problem(status, detail, extra) if wants_json(request) else _page(status, detail)
    headers = getattr(exc, "headers", None)  # e.g. Retry-After on 429
    if headers:
        response.headers.update(headers)
        for name, value in headers.items():  # Allow: the same order in every process
            if name.lower() == "allow":
                response.headers[name] = ", ".join(sorted(value.split(", ")))
    return response  # type: ignore[return-value]


Answer = tuple[int, str, dict[str, Any]]
"""status, detail and the problem's extra keys"""


def _answer(request: Request, exc: Exception) -> Answer:
    if isinstance(exc, DomainError):
        return exc.status_code, exc.detail, exc.extra
    if isinstance(exc, ValidationException):
        return _invalid(request, exc)
    if isinstance(exc, HTTPException) and isinstance(exc.__cause__, SerializationException):
        return _unparsable(request, exc.__cause__)
    if isinstance(exc, RecursionError) and request.method in ("POST", "PUT", "PATCH"):
        # msgspec decodes request bodies recursively: JSON nested thousands of levels deep
        # ends here, before any handler ran (SECURITY.md 23)
        log.warning(
            "request body nested too deeply on %s %s",
            request.method,
            request.scope.get("route_handler"),  # never the path: it may hold a signing token
        )
        return 400, "The request body is nested too deeply.", {}
    if isinstance(exc, HTTPException) and exc.status_code == 413:
        return 413, _too_large(request, person=not wants_json(request)), {}
    if isinstance(exc, HTTPException):
        return exc.status_code, _http_detail(request, exc), {}
    log.exception("unhandled error on %s %s", request.method, request.scope.get("route_handler"))
    return 500, OUR_SIDE, {}


def _invalid(request: Request, exc: ValidationException) -> Answer:
    """A body or parameter that does not fit the handler's types."""
    detail, errors = _validation_errors(exc)
    status = 400
    malformed = "malformed" in str(exc.detail).lower()
    if _is_api(request) and detail != EMPTY_BODY and not malformed:
        # a key or parameter that is missing, unknown, of the wrong type or out of range
        # is a 422 naming it, as every other problem with what was sent (docs/api.md)
        errors, status = every_body_problem(request, errors), 422
    for error in errors:  # "Invalid enum value 'rs256'" names no value it would take
        values = "path" in error and error["message"].startswith("Invalid enum value")
        if values and (allowed := allowed_values(request, error["path"])):
            error["message"] += f"; expected one of: {', '.join(allowed)}"
    if status == 422:
        detail = listed(errors)
    if malformed:
        detail = NOT_JSON
    return status, detail, {"errors": errors}


def _unparsable(request: Request, cause: SerializationException) -> Answer:
    """A body that does not parse (`{"a": `): say so, with the parser's reason."""
    body = ScopeState.from_scope(request.scope).body
    if isinstance(body, bytes) and (big := too_large_number(str(cause), body)):
        # `1e400` is JSON, but no number here: a value out of range, named by its path
        return 422 if _is_api(request) else 400, listed([big]), {"errors": [big]}
    return 400, NOT_JSON, {"errors": [{"path": "$", "message": str(cause)}]}


def _http_detail(request: Request, exc: HTTPException) -> str:
    """Litestar's own HTTP errors, in words that say what to do."""
    status, detail = exc.status_code, str(exc.detail)
    if status == 500:  # Litestar's own ("stream consumed"): in the log, not the answer
        log.error("%s on %s %s", detail, request.method, request.scope.get("route_handler"))
        return OUR_SIDE
    if status == 404 and detail == "Not Found":  # no route matched the path
        return (
            "There is no such endpoint: check the path, and that ids in it are UUIDs."
            if wants_json(request)
            else "There is no page at this address. Check the link you followed."
        )
    if status == 405 and detail == "Method Not Allowed":  # say which methods it takes
        allow = {k.lower(): v for k, v in (exc.headers or {}).items()}.get("allow", "")
        # the router keeps methods in a set: sort them so every process says the same
        allowed = sorted(m for m in allow.split(", ") if m not in ("", "OPTIONS"))
        takes = f"; it takes {', '.join(allowed)}" if allowed else ""
        return f"{request.method} is not allowed on this path{takes}."
    if status == 403 and "CSRF" in detail:
        return "Your form session expired or the form was not sent from this site. Go back, reload the page and try again."
    return detail
