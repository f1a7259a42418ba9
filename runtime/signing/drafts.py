"""How a signer's draft is stored: what was typed on a step, kept as typed (numbers and
amounts by what they mean) until Continue accepts it. An autosave writes one prepared
UPDATE (it runs on every change a signer makes).

Every write is a compare-and-set on `draft_version`: it lands only if nobody wrote the
draft since this request read it. Two requests of one page can cross (an autosave sent
as "Remove" is pressed, both reading the same draft): without the check, the later write
would put back what the earlier one took away. The loser gets `DraftChanged` and decides
again on what is stored now (decision 0005: another window's answers are not written
over)."""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from runtime.errors import Conflict
from runtime.i18n import N_, numbers
from runtime.i18n import gettext as _
from runtime.prepared import PreparedUpdate
from runtime.tables import Recipient

if TYPE_CHECKING:
    from runtime.signing.service import SigningContext

ATTEMPTS = 5
"""How often `deciding_again` decides, reading the draft again after losing to a write."""
BUSY = N_("These answers are being saved from somewhere else at this moment. Try again.")


class DraftChanged(Exception):
    """The draft was written by another request since this one read it."""


def typed_values(ctx: "SigningContext", raw: dict[str, Any]) -> dict[str, Any]:
    """What was typed, as the draft keeps it: numbers and amounts by what they mean
    (runtime/i18n/numbers.py `understood`), the rest as typed; locked prefill left out."""
    fields = ctx.fields_by_key
    return {
        k: numbers.understood(fields[k], v) if k in fields else v
        for k, v in raw.items()
        if not ctx.locked(k)
    }


NOTES = ("__decline_reason", "__removed_row")
"""Keys of the draft that are no answers: what a page says about the request just made
(runtime/signing/notes.py), kept until the next write of the draft, which leaves them out
unless it passes them again."""


async def store_draft(
    ctx: "SigningContext", draft: dict[str, Any], notes: dict[str, Any] | None = None
) -> None:
    """Write `draft` as the recipient's draft, keeping only this signer's own fields, and
    `notes` (NOTES) beside them; `DraftChanged` when the draft changed since `ctx` was read
    (nothing is written)."""
    draft = {k: v for k, v in draft.items() if k in ctx.own_keys}
    draft.update({k: v for k, v in (notes or {}).items() if k in NOTES})
    version = ctx.recipient.get("draft_version") or 0
    if not await _STORE_DRAFT.run(draft, ctx.recipient["id"], version):
        raise DraftChanged
    ctx.recipient["draft"] = draft
    ctx.recipient["draft_version"] = version + 1


async def change_draft(
    ctx: "SigningContext",
    change: Callable[["SigningContext"], dict[str, Any]],
    check: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Store `change(ctx)` as the draft, made anew on the draft as it is whenever another
    request wrote it first. For changes that stand on their own whatever else was typed
    (a file added to or taken off an attachment request). `check`, when given, runs before
    each attempt and may refuse the change (raise): what it reads is read again whenever
    another request wrote first (a signer's count of files, runtime/signing/uploads.py)."""

    async def decide() -> None:
        if check is not None:
            await check()
        await store_draft(ctx, change(ctx))

    await deciding_again(ctx, decide)


T = TypeVar("T")


async def deciding_again(ctx: "SigningContext", decide: Callable[[], Awaitable[T]]) -> T:
    """Run `decide`, which reads `ctx` and may write the draft; when another request wrote
    the draft first (`DraftChanged`), read it again and let `decide` look anew: it may
    now find the page out of date (decision 0005) or make its change on what is there."""
    for _attempt in range(ATTEMPTS - 1):
        try:
            return await decide()
        except DraftChanged:
            await reread_draft(ctx)
    try:
        return await decide()
    except DraftChanged:  # written over and over meanwhile: the page asks to try again
        raise Conflict(_(BUSY)) from None


async def reread_draft(ctx: "SigningContext") -> None:
    """Read the recipient's draft and answers again (another request wrote them)."""
    row = (
        await Recipient.select(
            Recipient.draft, Recipient.draft_version, Recipient.answers, Recipient.current_step
        )
        .where(Recipient.id == ctx.recipient["id"])
        .output(load_json=True)
        .first()
    )
    if row is not None:
        ctx.recipient.update(row)
        ctx.refresh_sections()


def _draft_update(draft: Any, recipient_id: Any, version: Any) -> Any:
    return (
        Recipient.update(
            {Recipient.draft: draft, Recipient.draft_version: Recipient.draft_version + 1}
        )
        .where((Recipient.id == recipient_id) & (Recipient.draft_version == version))
        .returning(Recipient.id)
    )


_STORE_DRAFT = PreparedUpdate(Recipient, _draft_update)
