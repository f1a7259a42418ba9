"""Default answers in the wizard: a field's `default` is its starting value until the
signer has met the field (an answer, a draft, or a value just posted)."""

from typing import TYPE_CHECKING, Any

from components import Section
from components.registry import starting_values
from components.visibility import visible_keys

if TYPE_CHECKING:
    from runtime.signing.service import SigningContext


def pending_defaults(
    ctx: "SigningContext", section: Section, raw: dict[str, Any]
) -> dict[str, Any]:
    """The default answers a step's fields start with: those the signer has not met yet.
    No answer (prefill from a link, the API or sign-on is one, and wins), no draft (a ""
    left by clearing the field stays empty) and nothing just posted. From the definition
    and the loaded recipient only: the step page stays free of extra queries."""
    defaults = starting_values(section.fields)
    if not defaults:
        return defaults
    known = (ctx.answers, ctx.draft, raw, ctx.envelope["prefill"])
    return {k: v for k, v in defaults.items() if not any(k in d for d in known)}


def on_page(raw: dict[str, Any], form: Any) -> dict[str, Any]:
    """The values of fields the page showed (`__shown`), and any value given: a field not on
    the page posts nothing, which is no answer, so it keeps its default for when it shows."""
    if "__shown" not in form:
        return raw
    shown = set(str(form.get("__shown") or "").split())
    return {k: v for k, v in raw.items() if k in shown or v is not None}


def cleared(
    ctx: "SigningContext", section: Section, on_page: dict[str, Any], answers: dict[str, Any]
) -> dict[str, str]:
    """Fields with a default that the signer emptied and continued: a "" draft each, so
    going back shows them empty, not their default again (no answer is stored for them).
    Fields hidden now are left out: they start with their default when they show again."""
    emptied = [k for k in starting_values(section.fields) if k in on_page and k not in answers]
    if not emptied:
        return {}
    shown = visible_keys(ctx.definition, {**ctx.data, **answers})
    return {k: "" for k in emptied if k in shown}
