"""Errors that name the path and the problem, so authors and API clients can fix them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorItem:
    """One problem in a definition: a JSON path such as `$.sections[0].fields[1].key`."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


class DefinitionError(ValueError):
    """A definition that cannot be accepted; carries every problem found, not just the first."""

    def __init__(self, errors: list[ErrorItem]) -> None:
        self.errors = errors
        summary = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        super().__init__(f"Invalid definition: {summary}")


class FieldError(ValueError):
    """A signer's value that a component refuses; the message is shown beside the field.

    A repeating group also names each problem in `details`, keyed by a path such as
    `directors[1].name` (rows counted from 0, as in the posted list).
    """

    def __init__(self, message: str, details: dict[str, str] | None = None) -> None:
        self.message = message
        self.details = details or {}
        super().__init__(message)
