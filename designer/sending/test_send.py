"""A test envelope from the editor: the live version, with the author in every role."""

import uuid
from typing import Any

from designer.accounts.sessions import SessionUser
from designer.sending.service import build_request, template_definition
from runtime.envelopes.service import create_envelope
from runtime.settings import Settings


async def send_test_to_self(
    user: SessionUser, template_id: uuid.UUID, settings: Settings
) -> dict[str, Any]:
    """Every role the organisation does not play itself goes to `user`'s own address, so
    they receive the invitation mails and walk each stage as the signers will. Each person
    is named after its role as the author wrote it ("Jane (test: Procurement manager)"),
    in the mails, the envelope's page and the PDF: the role's key means nothing to them."""
    _, definition = await template_definition(user.organisation_id, template_id)
    data: dict[str, Any] = {"message": "A test envelope you sent yourself from the designer."}
    for role in definition.roles:
        if not role.organisation:
            data[f"{role.key}.name"] = f"{user.display_name} (test: {role.name})"
            data[f"{role.key}.email"] = user.email
    request = build_request(definition, template_id, data, user.email)
    return await create_envelope(user.organisation_id, request, settings=settings, actor=user.email)
