"""/schema examples of 409 problem documents, as the API answers them: a handler names its
own in `opt["problem_examples"]` ({"409": [(summary, value)]}), and ApiOperation
(runtime/api/openapi.py) puts them on the problem response. A client sees which extra keys
a conflict carries (`envelope_status`, `would_delete`) without provoking one."""

from typing import Any

from runtime.embed.setup import CHANGED_MEANWHILE
from runtime.templates.service import published_meanwhile
from runtime.webhooks.service import REMOVED_NO_REDELIVERY, REMOVED_NO_ROTATION, ROTATED_MEANWHILE

CONFLICT = {"type": "about:blank", "title": "Conflict", "status": 409}
KEY_REUSED_ERRORS = [{"parameter": "Idempotency-Key", "message": "was used with another body"}]


def key_reused(noun: str) -> dict[str, Any]:
    """The 409 of an Idempotency-Key sent again with another body (envelope, bulk send)."""
    return {
        **CONFLICT,
        "detail": "This Idempotency-Key was used with another body in the last 24 hours: a "
        f"key names one {noun}. Nothing was sent; use a new key for a new {noun}.",
        "errors": KEY_REUSED_ERRORS,
    }


ENVELOPE_KEY_REUSED = key_reused("envelope")
BULK_KEY_REUSED = key_reused("bulk send")
NOT_SEALED: dict[str, Any] = {
    **CONFLICT,
    "detail": "The envelope is not sealed yet.",
    "envelope_status": "sent",
}
RETENTION_DELETES_AT_ONCE: dict[str, Any] = {
    **CONFLICT,
    "detail": "A period of 30 days would delete 1 finished envelope of this template within "
    "the hour (sealed PDFs, attachments and personal data; they cannot be brought back). "
    'Send "confirm_immediate_deletion": true to save it anyway.',
    "would_delete": 1,
    "already_due": 0,
    "days": 30,
}
#: void, remind and resend of an envelope that was voided
ALREADY_VOIDED: dict[str, Any] = {**CONFLICT, "detail": "The envelope is already voided."}
NOBODY_TO_REMIND: dict[str, Any] = {
    **CONFLICT,
    "detail": "The envelope is voided; there is nobody to remind.",
}
NO_LINK_AGAIN: dict[str, Any] = {
    **CONFLICT,
    "detail": "The envelope is voided; its links cannot be sent again.",
}
#: publish, when another publish made the next version meanwhile
PUBLISHED_MEANWHILE: dict[str, Any] = {
    **CONFLICT,
    "detail": published_meanwhile("Service agreement", 3),
}
#: a webhook endpoint removed (redeliver, rotate-secret), or its secret rotated meanwhile
ENDPOINT_REMOVED_REDELIVER: dict[str, Any] = {**CONFLICT, "detail": REMOVED_NO_REDELIVERY}
ENDPOINT_REMOVED_ROTATE: dict[str, Any] = {**CONFLICT, "detail": REMOVED_NO_ROTATION}
SECRET_ROTATED_MEANWHILE: dict[str, Any] = {**CONFLICT, "detail": ROTATED_MEANWHILE}
#: the embedding settings changed by another request meanwhile
EMBEDDING_CHANGED_MEANWHILE: dict[str, Any] = {**CONFLICT, "detail": CHANGED_MEANWHILE}
#: an envelope, a bulk send or a prefilled link of an archived template
#: (runtime/organisations/sharing.py sendable_template)
TEMPLATE_ARCHIVED: dict[str, Any] = {
    **CONFLICT,
    "detail": "The template “Service agreement” is archived. Restore it in the template "
    "library before sending it.",
}
#: a prefilled link to a template with more than one party to name, or an archived one
#: (runtime/embed/service.py _signer_role)
LINK_MORE_PARTIES: dict[str, Any] = {
    **CONFLICT,
    "detail": "This template needs more parties than an embedded form can name.",
}
LINK_ARCHIVED = TEMPLATE_ARCHIVED
