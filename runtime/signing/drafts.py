"""How a signer's draft is stored: what was typed on a step, kept as typed (numbers and
amounts by what they mean) until Continue accepts it. An autosave writes one prepared
UPDATE (it runs on every change a signer makes)."""

from typing import TYPE_CHECKING, Any

from runtime.i18n import numbers
from runtime.prepared import PreparedUpdate
from runtime.tables import Recipient

if TYPE_CHECKING:
    from runtime.signing.service import SigningContext


def typed_values(ctx: "SigningContext", raw: dict[str, Any]) -> dict[str, Any]:
    """What was typed, as the draft keeps it: numbers and amounts by what they mean
    (runtime/i18n/numbers.py `understood`), the rest as typed; locked prefill left out."""
    fields = ctx.fields_by_key
    return {
        k: numbers.understood(fields[k], v) if k in fields else v
        for k, v in raw.items()
        if not ctx.locked(k)
    }


async def store_draft(ctx: "SigningContext", draft: dict[str, Any]) -> None:
    """Write `draft` as the recipient's draft, keeping only this signer's own fields."""
    draft = {k: v for k, v in draft.items() if k in ctx.own_keys}
    await _STORE_DRAFT.run(draft, ctx.recipient["id"])
    ctx.recipient["draft"] = draft


def _draft_update(draft: Any, recipient_id: Any) -> Any:
    return Recipient.update({Recipient.draft: draft}).where(Recipient.id == recipient_id)


_STORE_DRAFT = PreparedUpdate(Recipient, _draft_update)
