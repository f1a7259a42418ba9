"""One place that turns errors into answers: problem details for the API, pages for people."""

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.response import Template

from runtime.errors import DomainError
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
_AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.S)
# msgspec names the object, not the field: point the path at the field itself
_FIELD = {
    re.compile(r"^Object missing required field `(?P<field>[^`]+)`$"): "is required",
    re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`$"): "is not a known field",
}


def _body_error(path: str, message: str) -> dict[str, str]:
    for pattern, wording in _FIELD.items():
        match = pattern.match(message)
        if match:
            return {"path": f"{path}.{match['field']}", "message": wording}
    return {"path": path, "message": message}


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
            match = _AT_PATH.match(message)
            if match:
                errors.append(_body_error("$" + match["path"], match["message"]))
                continue
            key = item.get("key")
            if key == "data" and message == "'data'":  # no body at all: Litestar's KeyError
                return EMPTY_BODY, [{"path": "$", "message": "is required"}]
            errors.append(_body_error("$" if key in (None, "data") else f"$.{key}", message))
    if errors and all("parameter" in e for e in errors):
        names = ", ".join(f"'{e['parameter']}'" for e in errors)
        if len(errors) == 1:
            return f"The parameter {names} is not valid.", errors
        return f"The parameters {names} are not valid.", errors
    return "The request body is not valid.", errors


def _too_large(request: Request) -> str:
    """Say the limit, so a caller knows what to split or shrink."""
    handler = request.scope.get("route_handler")
    limit = getattr(handler, "resolve_request_max_body_size", lambda: None)()
    if not limit:
        return "The request body is too large."
    mib = 1024 * 1024
    size = f"{limit / mib:.0f} MB" if limit >= mib else f"{limit // 1024} kB"
    return f"The request body is too large: this endpoint takes at most {size}."


def handle_exception(request: Request, exc: Exception) -> Response:
    """Map every error to the right status; never leak internals to users."""
    extra: dict[str, Any] = {}
    if isinstance(exc, DomainError):
        status, detail, extra = exc.status_code, exc.detail, exc.extra
    elif isinstance(exc, ValidationException):
        detail, errors = _validation_errors(exc)
        for error in errors:  # "Invalid enum value 'rs256'" names no value it would take
            values = "path" in error and error["message"].startswith("Invalid enum value")
            if values and (allowed := allowed_values(request, error["path"])):
                error["message"] += f"; expected one of: {', '.join(allowed)}"
        status, extra = 400, {"errors": errors}
        if "JSON is malformed" in str(exc.detail) or "malformed" in str(exc.detail).lower():
            detail = "The request body is not valid JSON."
    elif isinstance(exc, HTTPException) and isinstance(exc.__cause__, SerializationException):
        # a body that does not parse (`{"a": `): say so, with the parser's reason
        status, detail = 400, "The request body is not valid JSON."
        extra = {"errors": [{"path": "$", "message": str(exc.__cause__)}]}
    elif isinstance(exc, RecursionError) and request.method in ("POST", "PUT", "PATCH"):
        # msgspec decodes request bodies recursively: JSON nested thousands of levels deep
        # ends here, before any handler ran (SECURITY.md 23)
        log.warning(
            "request body nested too deeply on %s %s",
            request.method,
            request.scope.get("route_handler"),  # never the path: it may hold a signing token
        )
        status, detail = 400, "The request body is nested too deeply."
    elif isinstance(exc, HTTPException) and exc.status_code == 413:
        status, detail = 413, _too_large(request)
    elif isinstance(exc, HTTPException):
        status, detail = exc.status_code, str(exc.detail)
        if status == 404 and detail == "Not Found":  # no route matched the path
            detail = (
                "There is no such endpoint: check the path, and that ids in it are UUIDs."
                if wants_json(request)
                else "There is no page at this address. Check the link you followed."
            )
        if status == 405 and detail == "Method Not Allowed":  # say which methods it takes
            allow = {k.lower(): v for k, v in (exc.headers or {}).items()}.get("allow", "")
            # the router keeps methods in a set: sort them so every process says the same
            allowed = sorted(m for m in allow.split(", ") if m not in ("", "OPTIONS"))
            takes = f"; it takes {', '.join(allowed)}" if allowed else ""
            detail = f"{request.method} is not allowed on this path{takes}."
        if status == 403 and "CSRF" in detail:
            detail = "Your form session expired or the form was not sent from this site. Go back, reload the page and try again."
    else:
        log.exception(
            "unhandled error on %s %s", request.method, request.scope.get("route_handler")
        )
        status, detail = (
            500,
            "Something went wrong on our side. Nothing was changed; please try again.",
        )
    response = _problem(status, detail, extra) if wants_json(request) else _page(status, detail)
    headers = getattr(exc, "headers", None)  # e.g. Retry-After on 429
    if headers:
        response.headers.update(headers)
        for name, value in headers.items():  # Allow: the same order in every process
            if name.lower() == "allow":
                response.headers[name] = ", ".join(sorted(value.split(", ")))
    return response  # type: ignore[return-value]
