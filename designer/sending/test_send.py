"""A test envelope from the editor: the live version, with the author in every role."""

import uuid
from typing import Any

from components import Definition, get_component
from designer.accounts.sessions import SessionUser
from designer.publishing.preview import _sample
from designer.sending.service import build_request, template_definition
from runtime.envelopes.service import create_envelope
from runtime.settings import Settings


async def send_test_to_self(
    user: SessionUser, template_id: uuid.UUID, settings: Settings
) -> dict[str, Any]:
    """Every role the organisation does not play itself goes to `user`'s own address, so
    they receive the invitation mails and walk each stage as the signers will; what a
    sender fills in for the signers is filled with a sample (`sender_samples`). Each person
    is named after its role as the author wrote it ("Jane (test: Procurement manager)"),
    in the mails, the envelope's page and the PDF: the role's key means nothing to them."""
    _, definition = await template_definition(user.organisation_id, template_id)
    data: dict[str, Any] = {"message": "A test envelope you sent yourself from the designer."}
    for role in definition.roles:
        if not role.organisation:
            data[f"{role.key}.name"] = f"{user.display_name} (test: {role.name})"
            data[f"{role.key}.email"] = user.email
    request = build_request(definition, template_id, data, user.email)
    request.prefill = {**sender_samples(definition, user.email), **request.prefill}
    return await create_envelope(user.organisation_id, request, settings=settings, actor=user.email)


def sender_samples(definition: Definition, email: str) -> dict[str, Any]:
    """What a sender would have filled in for the signers ("the sender or the API" prefills):
    the sample the preview shows — the field's default, a first option, a tick, today, else
    its label in brackets — and the author's own address in an email field. A value no
    sample fits (a number without a default) is left for the tester to type."""
    found: dict[str, Any] = {}
    for f in definition.prefilled_by("api"):
        component = get_component(f.component)
        if component is None or (component.value_type == "list" and not f.options):
            continue
        answer = email if f.component == "email" else _sample(component, f).answer
        if answer is not None:
            found[f.key] = answer
    return found
