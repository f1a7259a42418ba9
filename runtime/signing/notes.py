"""What a signer page says, after its redirect (Post/Redirect/Get), about the request just
made: a decline refused (its reason missing, or too long: the text is shown again). What
it needs is kept in the draft beside the typed answers (drafts.NOTES) until the draft is
next written, which leaves it out."""

from collections.abc import Mapping
from typing import Any

from runtime.i18n import gettext as _
from runtime.i18n import numbers
from runtime.signing.drafts import deciding_again, store_draft
from runtime.signing.service import SigningContext

DECLINE = "__decline_reason"
REASON_MAX = 2000
"""The longest decline reason taken, in characters (a line break counts once)."""
REASON_KEPT = 10_000
"""The longest refused reason kept to be shown again; a longer one is not stored."""


def decline_reason(typed: str) -> str:
    """A reason as it is judged and kept: line breaks as the page's box counts them (one
    character; a browser sends CR LF), spaces around it taken off."""
    return typed.replace("\r\n", "\n").strip()


async def refused_decline(ctx: SigningContext, typed: str) -> str:
    """The query that takes a refused decline back to its form: `?refused=1` (no reason),
    or `?refused=long` with its length, its text kept in the draft when not too long."""
    reason = decline_reason(typed)
    if not reason:
        return "?refused=1"
    if len(reason) <= REASON_KEPT:
        await deciding_again(ctx, lambda: store_draft(ctx, ctx.draft, {DECLINE: reason}))
    return f"?refused=long&length={len(reason)}"


def decline_refusal(ctx: SigningContext, query: Mapping[str, Any]) -> tuple[dict[str, str], str]:
    """The decline form's error and the reason shown in its box, from the query `refused`
    left by `refused_decline` (nothing without it: the form starts empty)."""
    from runtime.signing.closing import no_reason

    refused, length = query.get("refused"), str(query.get("length") or "")
    if refused == "1":
        return {"reason": no_reason()}, ""
    if refused != "long":
        return {}, ""
    kept = ctx.draft.get(DECLINE)
    if not length.isdigit():
        return {"reason": _("The reason must be 2,000 characters or fewer.")}, ""
    count = numbers.format_plain(int(length))
    if isinstance(kept, str) and len(kept) == int(length):
        return {"reason": _too_long(count)}, kept
    return {
        "reason": _(
            "The reason must be 2,000 characters or fewer. Yours had %(count)s, too many to "
            "show again here: write a shorter one.",
            count=count,
        )
    }, ""


def _too_long(count: str) -> str:
    return _(
        "The reason must be 2,000 characters or fewer. Yours has %(count)s: shorten it.",
        count=count,
    )
