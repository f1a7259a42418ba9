"""Domain errors raised by services; the web layer maps them to pages or problem details."""

from typing import Any


class DomainError(Exception):
    """Base: carries a status code, a short title and a precise detail for the user.

    `heading`: what a signer's error page says as its heading instead of the status's
    general one ("It is not your turn yet" rather than "This cannot be done now")."""

    status_code = 400
    title = "Bad request"
    heading: str | None = None

    def __init__(
        self, detail: str, *, extra: dict[str, Any] | None = None, heading: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}
        self.heading = heading


class NotFound(DomainError):
    status_code = 404
    title = "Not found"


class Conflict(DomainError):
    status_code = 409
    title = "Conflict"


class Gone(DomainError):
    status_code = 410
    title = "Gone"


class Invalid(DomainError):
    status_code = 422
    title = "Invalid input"


class Forbidden(DomainError):
    status_code = 403
    title = "Forbidden"


class TooManyRequests(DomainError):
    """Over a rate limit; `Retry-After` says when the budget starts again."""

    status_code = 429
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}
