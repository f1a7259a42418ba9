"""A repeating group's Add / Remove buttons: they post the whole step (with JavaScript or
without), which comes back with a row added or taken away. The step shown next says which
row was removed, by its first answer ("Removed: Eve Director (was Director 2)."), where it
was: a note kept with the draft (drafts.NOTES) until the draft is next written, shown only
by the page the removal's post redirects to (`?removed=<the note's id>`), not by another
window open on the same step."""

import secrets
from typing import Any
from urllib.parse import urlencode

from components.fields.group import DEFAULT_MAX_ROWS, row_defaults
from runtime.i18n import gettext as _
from runtime.signing import service
from runtime.signing.service import SigningContext

REMOVED = "__removed_row"
#: the query naming the note a step's page shows (the removal's redirect adds it)
QUERY = "removed"
#: sub-fields whose answer, as typed, can name a row (not a choice's value or a signature)
NAMING = ("text", "textarea", "email", "phone", "number", "money", "date")
#: the longest answer quoted to name a row, in characters
NAME_MAX = 60


def change_rows(
    ctx: SigningContext, index: int, form: Any
) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """Handle a repeating group's Add / Remove buttons: the step's values with the row added
    or removed, the anchor to show next (the new row, or the group), and the note saying
    which row was removed (empty after Add); None when neither was pressed."""
    section = ctx.sections[index]
    for f in section.fields:
        if f.component != "group":
            continue
        add, remove = form.get(f"{f.key}__add"), form.get(f"{f.key}__remove")
        if add is None and remove is None:
            continue
        raw = service.read_section(ctx, section, form)
        rows = list(raw.get(f.key) or [])
        minimum = f.validation.get("min_rows", 0)
        shown = max(len(rows), minimum if isinstance(minimum, int) else 0, 1)
        # rows the page showed (with their defaults) that posted nothing, then the new row:
        # each starts with the sub-fields' default answers, as the page's first row does
        rows += [row_defaults(f) for _ in range(shown - len(rows))]
        anchor, note = f"field-{f.key}", {}
        most = f.validation.get("max_rows", DEFAULT_MAX_ROWS)
        if add is not None and not (isinstance(most, int) and len(rows) >= most):
            rows.append(row_defaults(f))
            anchor = f"row-{f.key}-{len(rows)}"
        elif str(remove).isdigit() and int(str(remove)) < len(rows):
            gone = rows.pop(int(str(remove)))
            answer = _first_answer(f, gone)
            note = {
                REMOVED: {
                    "group": f.key,
                    "index": int(str(remove)),
                    "answer": answer,
                    "id": secrets.token_urlsafe(6),
                }
            }
        raw[f.key] = rows
        return raw, anchor, note
    return None


def _first_answer(group: Any, row: Any) -> str:
    """The first answer typed in `row` that can name it (a name, an email), shortened."""
    for sub in group.fields:
        value = row.get(sub.key) if isinstance(row, dict) else None
        if sub.component in NAMING and isinstance(value, str | int | float) and str(value).strip():
            words = " ".join(str(value).split())
            if len(words) <= NAME_MAX:
                return words
            cut = words[: NAME_MAX - 1]
            return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"  # at a word's end
    return ""


def rows_query(note: dict[str, Any], back_to_review: bool) -> str:
    """The query of the step that Add / Remove redirect to: `return=review` kept, and after
    Remove the note's id, so that page alone shows the line (a note read by every GET of the
    step showed in another window open on it too, until the draft was next written)."""
    params = {"return": "review"} if back_to_review else {}
    removed = note.get(REMOVED)
    if isinstance(removed, dict):
        params[QUERY] = str(removed["id"])
    return f"?{urlencode(params)}" if params else ""


def removed_row(
    ctx: SigningContext, group: Any, rows: int, shown: str | None
) -> dict[str, Any] | None:
    """The line a group shows where its row was removed, as {"index": where it stood,
    "said": the words}, or None. `rows`: the rows shown now; `shown`: the note's id in this
    page's query (`QUERY`), the redirect of the post that removed the row; any other page of
    the step (another window, a link) shows no line."""
    note = ctx.draft.get(REMOVED)
    if not isinstance(note, dict) or note.get("group") != group.key:
        return None
    if not shown or note.get("id") != shown:
        return None
    index = note.get("index")
    if not isinstance(index, int) or index < 0:
        return None
    row = f"{group.validation.get('row_label') or _('Row')} {index + 1}"
    answer = note.get("answer")
    if isinstance(answer, str) and answer:
        said = _("Removed: %(answer)s (was %(row)s).", answer=answer, row=row)
    elif index < rows:  # a row after it now has its number
        said = _("Removed: %(row)s. The rows after it moved up.", row=row)
    else:
        said = _("Removed: %(row)s.", row=row)
    return {"index": index, "said": said}
