"""Opening a signing link: the recipient behind a token, with its envelope, organisation,
brand and the (cached, immutable) parsed template version, in one query."""

from typing import Any

from piccolo.query.methods.select import Select

from runtime.branding.resolve import brand_for_envelope, theme_for_envelope
from runtime.errors import NotFound
from runtime.i18n import gettext as _
from runtime.prepared import PreparedSelect
from runtime.signing.service import SigningContext
from runtime.tables import Recipient
from runtime.templates.versions import version_definition
from runtime.tokens import hash_token

MAX_TOKEN_LENGTH = 128


async def open_context(token: str) -> SigningContext:
    """Find the recipient behind a signing token; unknown tokens are a 404.

    One query fetches the recipient with its envelope and organisation; the definition
    comes from the per-process cache of parsed template versions."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise NotFound(_("This signing link is not valid."))
    rows = await _RECIPIENT_BY_TOKEN.run(hash_token(token))
    row = rows[0] if rows else None
    if row is None:
        # the error page goes on to advise checking the whole link: not said twice
        raise NotFound(_("This signing link is not valid."))
    recipient: dict[str, Any] = {}
    envelope: dict[str, Any] = {}
    for key, value in row.items():
        if key.startswith(_ENVELOPE):
            envelope[key[len(_ENVELOPE) :]] = value
        elif key not in (_ORG_NAME, _ORG_CONSENT):
            recipient[key] = value
    assert envelope["id"] is not None
    ctx = SigningContext(
        recipient=recipient,
        envelope=envelope,
        definition=await version_definition(envelope["template_version"]),
        organisation_name=row[_ORG_NAME] or "",
        consent_text=row[_ORG_CONSENT] or "",
    )
    ctx.brand = await brand_for_envelope(envelope, cached=True)
    if ctx.brand is not None and ctx.brand.legal_name:
        # the pages name whom the envelope presents, as its mails and consent text do: the
        # legal name, and in a group the one it was sent in (not the subsidiary's short name)
        ctx.organisation_name = ctx.brand.legal_name
    ctx.theme_choice = await theme_for_envelope(envelope, ctx.brand)
    ctx.refresh_sections()
    return ctx


_ENVELOPE = "envelope."
_ORG_NAME = "organisation_name"
_ORG_CONSENT = "organisation_consent_text"


def _recipient_by_token(token_hash: str) -> Select:
    organisation: Any = Recipient.envelope.organisation
    return (
        Recipient.select(
            *Recipient.all_columns(),
            *Recipient.envelope.all_columns(),
            organisation.name.as_alias(_ORG_NAME),
            organisation.consent_text.as_alias(_ORG_CONSENT),
        )
        .where(Recipient.token_hash == token_hash)
        .output(load_json=True)
        .limit(1)
    )


_RECIPIENT_BY_TOKEN = PreparedSelect(Recipient, _recipient_by_token)
