"""Creating organisations and subsidiaries (the designer's Organisation screen and
`formseal org create`)."""

from __future__ import annotations

import uuid
from typing import Any

from runtime import audit
from runtime.accounts.service import slugify
from runtime.branding.resolve import forget
from runtime.database import transaction
from runtime.errors import Conflict, Invalid, NotFound
from runtime.tables import Organisation

MAX_NAME = 200
MAX_LEGAL_NAME = 300


def clean_names(name: str, legal_name: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    legal = " ".join((legal_name or "").split())
    if not name:
        raise Invalid("Enter a name for the organisation, for example “Acme Foods North”.")
    if len(name) > MAX_NAME:
        raise Invalid(f"The name must be {MAX_NAME} characters or fewer.")
    if len(legal) > MAX_LEGAL_NAME:
        raise Invalid(f"The legal name must be {MAX_LEGAL_NAME} characters or fewer.")
    return name, legal


async def by_slug(slug: str) -> uuid.UUID:
    row = await Organisation.select(Organisation.id).where(Organisation.slug == slug).first()
    if row is None:
        raise NotFound(f"No organisation with slug {slug!r}.")
    return row["id"]


async def create_organisation(
    name: str, *, legal_name: str = "", parent: uuid.UUID | None = None, actor: str = ""
) -> dict[str, Any]:
    """A new organisation (a subsidiary of ``parent`` when given); names must be unique."""
    clean, legal = clean_names(name, legal_name)
    slug = slugify(clean)
    async with transaction():
        if parent is not None and not await Organisation.exists().where(Organisation.id == parent):
            raise NotFound("The parent organisation does not exist.")
        if await Organisation.exists().where(Organisation.slug == slug):
            raise Conflict(f"An organisation called “{clean}” already exists; choose another name.")
        org = Organisation(name=clean, slug=slug, legal_name=legal, parent=parent)
        await org.save()
        if parent is not None:
            await audit.record(
                parent,
                "organisation.subsidiary_created",
                actor=actor,
                data={"organisation_id": str(org.id), "name": clean, "legal_name": legal},
            )
    return {"id": org.id, "name": clean, "slug": slug, "legal_name": legal, "parent": parent}


async def update_legal_name(organisation_id: uuid.UUID, legal_name: str, *, actor: str) -> None:
    _, legal = clean_names("x", legal_name)
    await Organisation.update({Organisation.legal_name: legal}).where(
        Organisation.id == organisation_id
    )
    forget()  # cached brands carry the legal name
    await audit.record(
        organisation_id, "organisation.legal_name_changed", actor=actor, data={"legal_name": legal}
    )
