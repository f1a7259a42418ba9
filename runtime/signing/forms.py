"""Posted forms: files taken out (they are stored separately), values left for components."""

from typing import Any

from litestar import Request
from litestar.datastructures import MultiDict, UploadFile
from litestar.exceptions import HTTPException


async def posted_form(request: Request) -> Any | None:
    """The posted form, or None when its body is over the server's limit
    (FORMSEAL_MAX_UPLOAD_BYTES: a large file sent with a step, without JavaScript)."""
    try:
        return await request.form()
    except HTTPException as exc:
        if exc.status_code == 413:
            return None
        raise


def posted_files(form: Any, name: str) -> list[UploadFile]:
    """The non-empty files posted under `name`."""
    getter = getattr(form, "getall", None)
    items = getter(name) if callable(getter) and name in form else []
    return [f for f in items if isinstance(f, UploadFile) and f.filename]


def form_without_files(form: Any, overrides: dict[str, str] | None = None) -> MultiDict:
    """A copy of the form without file parts, with `overrides` replacing values."""
    pairs = [
        (k, v)
        for k, v in form.multi_items()
        if not isinstance(v, UploadFile) and k not in (overrides or {})
    ]
    pairs += list((overrides or {}).items())
    return MultiDict(pairs)


def in_page_order(errors: dict[str, str], field_keys: list[str]) -> dict[str, str]:
    """`errors` in the order of the step's questions, so the error summary reads down the
    page (an upload's refusal was listed after every other problem). A repeating group's
    row problems (`directors__0__name`) stand where their group does."""

    def position(key: str) -> int:
        for place, field in enumerate(field_keys):
            if key == field or key.startswith(f"{field}__"):
                return place
        return len(field_keys)

    return dict(sorted(errors.items(), key=lambda item: position(item[0])))
