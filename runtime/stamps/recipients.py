"""The recipient that stands for the organisation in an envelope (an organisation role).

It is created with the envelope, like any recipient, so routing, stages and the certificate
treat it alike; but it has no email and no signing link: its token is random and never
kept (token_salt stays empty, so no link can be derived for it).
"""

import uuid

from components import Definition
from runtime.organisations.hierarchy import legal_name_of
from runtime.tables import Organisation, Recipient
from runtime.tokens import hash_token, new_token


async def add_organisation_recipients(
    organisation_id: uuid.UUID, envelope_id: uuid.UUID, definition: Definition
) -> None:
    roles = [r for r in definition.roles if r.organisation]
    if not roles:
        return
    org = (
        await Organisation.select(Organisation.name, Organisation.legal_name)
        .where(Organisation.id == organisation_id)
        .first()
    )
    # the legal entity that countersigns, as the PDF's certificate names it: its legal name
    name = legal_name_of(org) if org else "The organisation"
    for role in roles:
        await Recipient(
            id=uuid.uuid4(),
            envelope=envelope_id,
            role=role.key,
            kind=role.kind,
            name=name,
            email="",
            stage=role.stage,
            token_salt="",
            token_hash=hash_token(new_token()),
            answers={},
        ).save()


def is_organisation_recipient(recipient: dict) -> bool:
    """Created by add_organisation_recipients: no email and no link."""
    return not recipient.get("email") and not recipient.get("token_salt")
