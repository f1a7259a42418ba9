"""Checking `page` and `per_page` the same way wherever a list is paged (the envelope list,
archive search), so a wrong value is a 422 that names the parameter, as a wrong type is."""

from collections.abc import Mapping
from typing import Any

from runtime.errors import Invalid

MAX_PAGE = 1_000_000
WHOLE_NUMBER = "must be a whole number"
"""What a `page` that is not a number gets (the words runtime/web/errors.py gives Litestar's)."""


def page_problems(page: int, per_page: int, max_per_page: int) -> list[dict[str, str]]:
    """Each of `page` and `per_page` that is out of range, as `errors` items."""
    errors = []
    if page < 1:
        errors.append({"parameter": "page", "message": "must be 1 or more"})
    elif page > MAX_PAGE:  # its offset would overflow the database's 64-bit integers (a 500)
        errors.append({"parameter": "page", "message": f"must be at most {MAX_PAGE}"})
    if not 1 <= per_page <= max_per_page:
        errors.append({"parameter": "per_page", "message": f"must be 1 to {max_per_page}"})
    return errors


def check_page(page: int, per_page: int, max_per_page: int) -> None:
    """422 naming each parameter out of range: an integrator sees which one to change."""
    if errors := page_problems(page, per_page, max_per_page):
        raise Invalid(
            f"page must be 1 to {MAX_PAGE} and per_page between 1 and {max_per_page}.",
            extra={"errors": errors},
        )


def read_page(
    query: Mapping[str, Any], max_per_page: int, default_per_page: int
) -> tuple[int | None, int | None, list[dict[str, str]]]:
    """`page` and `per_page` as sent in the query string, and every problem with them (not
    a whole number, out of range), so that they can be reported beside the problems of the
    other parameters in one answer. A value that is not a number comes back as None."""
    values: dict[str, int | None] = {"page": 1, "per_page": default_per_page}
    errors: list[dict[str, str]] = []
    for name in values:
        raw = query.get(name)
        if raw is None:
            continue
        try:
            values[name] = int(str(raw).strip())
        except ValueError:
            values[name] = None
            errors.append({"parameter": name, "message": WHOLE_NUMBER})
    page, per_page = values["page"], values["per_page"]
    ranged = page_problems(
        1 if page is None else page, 1 if per_page is None else per_page, max_per_page
    )
    errors += [e for e in ranged if values[e["parameter"]] is not None]
    order = {"page": 0, "per_page": 1}
    return page, per_page, sorted(errors, key=lambda e: order[e["parameter"]])


def invalid_parameters(errors: list[dict[str, str]]) -> Invalid:
    """One 422 naming every wrong query parameter; `detail` says them all in one sentence.
    A message that is a sentence of its own (it ends with a full stop: "Unknown status
    'lost'. …", "created_to is before created_from.") is said as it is, and alone it is the
    detail itself; a fragment ("must be a whole number") follows its parameter's name."""
    said = [
        e["message"].rstrip(".")
        if e["message"].endswith(".")
        else f"{e['parameter']} {e['message']}"
        for e in errors
    ]
    if len(errors) == 1 and errors[0]["message"].endswith("."):
        return Invalid(errors[0]["message"], extra={"errors": errors})
    what = "The parameter is" if len(said) == 1 else "The parameters are"
    return Invalid(f"{what} not valid: {'; '.join(said)}.", extra={"errors": errors})
