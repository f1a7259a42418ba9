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

    `api_message` is the wording for values sent as data (the API's `prefill`, links, bulk
    files) when its example differs from the signer's: a signer types a date the way their
    form shows it (27/03/2026), a program sends the stored form (2027-03-27). `for_api`
    gives it, or `message` when the two are the same.
    """

    def __init__(
        self,
        message: str,
        details: dict[str, str] | None = None,
        *,
        api_message: str | None = None,
    ) -> None:
        self.message = message
        self.details = details or {}
        self.api_message = api_message
        super().__init__(message)

    @property
    def for_api(self) -> str:
        return self.api_message or self.message
