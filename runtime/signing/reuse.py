"""Work a request would do twice on the same answers, done once.

An autosave works out the visible steps and the step's fingerprint when it opens the link,
then again after writing the draft. When the autosave changed nothing (the same values
posted again, as each change a signer makes is sent while the rest stays), the draft
written holds the very values read: the second time would find what the first found. The
results are kept on the request's SigningContext with what they were worked out from,
and used again only while the draft holds the same values (of the same types) and the
answers, the envelope's answers and its prefill are the very same objects (each change
to them stores a new dict). A draft read again after losing a compare-and-set comes with
new answers: everything is worked out anew."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runtime.signing.service import SigningContext

Sources = tuple[Any, ...]
"""(draft, the recipient's answers, the envelope's answers, the envelope's prefill)."""

_EXACT = (str, int, bool, type(None))
"""Values whose == says they are the same answer; others (1.0 == 1, Decimal("1.0") ==
Decimal("1"), 0.0 == -0.0) must also be written the same."""


def same(a: Any, b: Any) -> bool:
    """`a` and `b` hold the same values, of the same types, in the same order."""
    if a is b:
        return True
    if isinstance(a, dict) and isinstance(b, dict):  # as read (piccolo's JSONDict) or written
        return list(a) == list(b) and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if isinstance(a, _EXACT):
        return bool(a == b)
    if isinstance(a, float | Decimal):
        return bool(a == b) and repr(a) == repr(b)
    return False  # anything else: worked out again


def unchanged(before: Sources, now: Sources) -> bool:
    """What was worked out from `before` holds for `now`."""
    rest = all(a is b for a, b in zip(before[1:], now[1:], strict=True))
    return rest and same(before[0], now[0])


def sources_of(ctx: "SigningContext") -> Sources:
    """The dicts the conditions and a step's fingerprint read; each change to them stores
    a new dict (none is changed in place)."""
    recipient, envelope = ctx.recipient, ctx.envelope
    return (recipient.get("draft"), recipient["answers"], envelope["answers"], envelope["prefill"])
