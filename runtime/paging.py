"""Checking `page` and `per_page` the same way wherever a list is paged (the envelope list,
archive search), so a wrong value is a 422 that names the parameter, as a wrong type is."""

from runtime.errors import Invalid

MAX_PAGE = 1_000_000


def check_page(page: int, per_page: int, max_per_page: int) -> None:
    """422 naming each parameter out of range: an integrator sees which one to change."""
    errors = []
    if page < 1:
        errors.append({"parameter": "page", "message": "must be 1 or more"})
    elif page > MAX_PAGE:  # its offset would overflow the database's 64-bit integers (a 500)
        errors.append({"parameter": "page", "message": f"must be at most {MAX_PAGE}"})
    if not 1 <= per_page <= max_per_page:
        errors.append({"parameter": "per_page", "message": f"must be 1 to {max_per_page}"})
    if errors:
        raise Invalid(
            f"page must be 1 to {MAX_PAGE} and per_page between 1 and {max_per_page}.",
            extra={"errors": errors},
        )
