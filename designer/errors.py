"""Errors on designer screens: pages for people, a short text for htmx to show in place."""

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException

from designer.web import is_htmx
from runtime.errors import DomainError
from runtime.web.errors import handle_exception


def designer_error(request: Request, exc: Exception) -> Response:
    """htmx gets the message as text (designer-saving.js shows it in the save bar); others
    the page."""
    if not is_htmx(request):
        return handle_exception(request, exc)
    if isinstance(exc, DomainError):
        status, detail = exc.status_code, exc.detail
    elif isinstance(exc, HTTPException) and exc.status_code < 500:
        status, detail = exc.status_code, str(exc.detail)
        if status == 403 and "CSRF" in detail:
            detail = "Your session expired. Reload the page and try again."
    else:
        handle_exception(request, exc)  # logs it
        status, detail = 500, "Something went wrong on our side. Try again."
    # the boxes a refused property is about (designer-invalid-boxes.js puts the message beside one)
    boxes = exc.extra.get("boxes") if isinstance(exc, DomainError) else None
    headers = {"X-Invalid-Boxes": " ".join(boxes)} if boxes else None
    return Response(detail, status_code=status, media_type=MediaType.TEXT, headers=headers)
