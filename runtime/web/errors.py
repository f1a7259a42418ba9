"""One place that turns errors into answers: problem details for the API, pages for people."""

import logging
import re
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Template

from runtime.errors import DomainError
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


_AT_PATH = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.S)


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    """Litestar reports body errors against `data`; msgspec's message names the real path."""
    errors = []
    for item in exc.extra or []:
        if isinstance(item, dict):
            message = str(item.get("message", ""))
            match = _AT_PATH.match(message)
            if match:
                errors.append({"path": "$" + match["path"], "message": match["message"]})
                continue
            key = item.get("key")
            path = "$" if key in (None, "data") else f"$.{key}"
            errors.append({"path": path, "message": message})
    return errors


def handle_exception(request: Request, exc: Exception) -> Response:
    """Map every error to the right status; never leak internals to users."""
    extra: dict[str, Any] = {}
    if isinstance(exc, DomainError):
        status, detail, extra = exc.status_code, exc.detail, exc.extra
    elif isinstance(exc, ValidationException):
        status, detail = 400, "The request body is not valid."
        extra = {"errors": _validation_errors(exc)}
        if "JSON is malformed" in str(exc.detail) or "malformed" in str(exc.detail).lower():
            detail = "The request body is not valid JSON."
    elif isinstance(exc, RecursionError) and request.method in ("POST", "PUT", "PATCH"):
        # msgspec decodes request bodies recursively: JSON nested thousands of levels deep
        # ends here, before any handler ran (SECURITY.md 23)
        log.warning(
            "request body nested too deeply on %s %s",
            request.method,
            request.scope.get("route_handler"),  # never the path: it may hold a signing token
        )
        status, detail = 400, "The request body is nested too deeply."
    elif isinstance(exc, HTTPException):
        status, detail = exc.status_code, str(exc.detail)
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
    return response  # type: ignore[return-value]
