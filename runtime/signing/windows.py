"""The same signing link open in two windows (two tabs, or a phone and a laptop).

Each step page carries `__state`: a fingerprint of the step's answers as the page was
given them (answers overlaid with the draft; files are kept by the server and left out).
An autosave or Continue whose fingerprint no longer matches comes from a page that has
not seen what another window saved since: it is not written over those answers, and the
page says so and lets the person choose (docs/decisions/0005). The review page carries
the fingerprint of every answer it lists, so "Sign and finish" signs what was read.
"""

import hashlib
import json
from typing import Any

from components import FieldError, Section, get_component
from runtime.signing import defaults
from runtime.signing.drafts import typed_values
from runtime.signing.service import SigningContext, read_section

FIELD = "__state"
"""The form field (hidden input) that carries the fingerprint the page was given."""
HEADER = "X-Formseal-State"
"""The response header that gives a page the fingerprint after its autosave."""
CONFLICT_HEADER = "X-Formseal-Conflict"
"""Set on the answer to an autosave refused because another window changed the step."""


def _fingerprint(values: dict[str, Any]) -> str:
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def step_state(ctx: SigningContext, section: Section, draft: dict[str, Any] | None = None) -> str:
    """The fingerprint of one step's values as a page of it would show them now (or with
    `draft` as the draft), each cleaned where it can be: Continue storing " a@Example.com "
    as "a@example.com" (the same answer) changes nothing a page has to know about."""
    draft = ctx.draft if draft is None else draft
    values: dict[str, Any] = {}
    for f in section.fields:
        component = get_component(f.component)
        if component is None or not component.holds_value or f.component == "attachment":
            continue
        value = draft.get(f.key, ctx.answers.get(f.key))
        try:
            values[f.key] = component.clean(value, f)
        except FieldError:
            values[f.key] = value
        if f.component == "group":  # a blank row is no answer, but the page shows it
            values[f.key] = [_rows(value), values[f.key]]
    return _fingerprint(values)


def _rows(value: Any) -> int:
    """How many rows of a group a page shows for `value` (blank ones too): a page that
    shows another number of rows has not seen the last "Add another" or "Remove"."""
    if isinstance(value, list):
        return len(value)
    return 1 if isinstance(value, dict) else 0


def review_state(ctx: SigningContext) -> str:
    """The fingerprint of the answers a review page lists (this signer's own)."""
    return _fingerprint({k: v for k, v in ctx.answers.items() if k in ctx.own_keys})


def changed_elsewhere(form: Any, current: str) -> bool:
    """The page that posted `form` was given other answers than are stored now. A form
    without a fingerprint (an older page, a script) is taken as it comes."""
    posted = form.get(FIELD)
    return bool(posted) and str(posted) != current


def step_conflicts(ctx: SigningContext, section: Section, form: Any, current: str) -> bool:
    """`changed_elsewhere`, unless the page posted the very answers stored now: its own
    Continue (or autosave) reached the server first and stored them, so nothing another
    window saved would be written over. A pending autosave sent as Continue left the page
    was refused as "changed in another window", and so was a Continue that arrived after
    it, in a window alone."""
    if not changed_elsewhere(form, current):
        return False
    raw = defaults.on_page(read_section(ctx, section, form), form)
    return step_state(ctx, section, {**ctx.draft, **typed_values(ctx, raw)}) != current
