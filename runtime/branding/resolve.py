"""Resolving an organisation's Brand: its own value, else its parent's (up the chain),
else the theme's. The legal name and the mail sender name are the organisation's own
identity and are not inherited: a subsidiary is a legal entity of its own.

Signer pages resolve a brand on every request, so each process keeps resolved brands for
a few seconds (BRAND_TTL_SECONDS); saving brand settings forgets them at once in that
process. Mails and seals resolve afresh.
"""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import replace
from typing import Any

from runtime.branding.brand import Brand
from runtime.branding.colours import valid_colour
from runtime.branding.fonts import FONTS
from runtime.errors import NotFound
from runtime.files import read_file
from runtime.organisations.hierarchy import presenting_organisation_id
from runtime.tables import Organisation, TemplateVersion
from runtime.themes import ThemeChoice, valid_name

BRAND_TTL_SECONDS = 5.0
SLUGS_KEPT = 4096
MAX_DEPTH = 10
"""Parents followed at most (and a cycle stops there too)."""
_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.legal_name,
    Organisation.parent,
    Organisation.theme,
    Organisation.brand_logo,
    Organisation.brand_colour,
    Organisation.brand_font,
    Organisation.mail_sender_name,
    Organisation.footer_text,
)
_cache: dict[str, tuple[float, Brand]] = {}
_slugs: dict[Any, str] = {}


def forget() -> None:
    """Drop every cached brand (after brand settings or a parent change)."""
    _cache.clear()


async def organisation_chain(organisation_id: Any) -> list[dict[str, Any]]:
    """The organisation's row, then its parent's, and so on up to the top."""
    chain: list[dict[str, Any]] = []
    seen: set[str] = set()
    current = organisation_id
    while current is not None and str(current) not in seen and len(chain) < MAX_DEPTH:
        seen.add(str(current))
        row = await Organisation.select(*_COLUMNS).where(Organisation.id == current).first()
        if row is None:
            break
        chain.append(row)
        current = row["parent"]
    return chain


def merge(chain: list[dict[str, Any]]) -> Brand:
    """The Brand of ``chain[0]`` with the inherited values filled in from its ancestors."""
    if not chain:
        return Brand()
    own = chain[0]

    def first(key: str, ok: Any = bool) -> tuple[str, dict[str, Any] | None]:
        for row in chain:
            value = row.get(key)
            if value and ok(str(value)):
                return str(value), row
        return "", None

    logo, logo_row = first("brand_logo")
    name = own["name"] or "formseal"
    legal_name = (own.get("legal_name") or "").strip() or name
    return Brand(
        organisation_id=str(own["id"]),
        name=name,
        legal_name=legal_name,
        colour=first("brand_colour", valid_colour)[0].lower(),
        font_key=first("brand_font", lambda v: v in FONTS)[0],
        mail_sender_name=(own.get("mail_sender_name") or "").strip() or legal_name,
        footer_text=first("footer_text", lambda v: bool(v.strip()))[0].strip(),
        theme=first("theme", valid_name)[0],
        logo_file=logo,
        logo_owner=str(logo_row["id"]) if logo_row else "",
    )


async def brand_for_organisation(organisation_id: Any, *, cached: bool = False) -> Brand:
    """The Brand an organisation presents (``cached``: accept one up to a few seconds old)."""
    if organisation_id is None:
        return Brand()
    key = str(organisation_id)
    if cached:
        hit = _cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
    brand = merge(await organisation_chain(organisation_id))
    _cache[key] = (time.monotonic() + BRAND_TTL_SECONDS, brand)
    return brand


def presenting_organisation(envelope: dict[str, Any]) -> Any:
    """The organisation an envelope is sent as (groups), else its own: the one rule lives
    in runtime/organisations/hierarchy.py."""
    return presenting_organisation_id(envelope)


async def brand_for_envelope(envelope: dict[str, Any], *, cached: bool = False) -> Brand:
    """The brand of the organisation an envelope presents: ``sent_as`` or its own."""
    return await brand_for_organisation(presenting_organisation(envelope), cached=cached)


async def template_slug(version_id: Any) -> str:
    """The slug of a template version's template (kept per process: versions are immutable
    and a template keeps its slug)."""
    if version_id is None:
        return ""
    slug = _slugs.get(version_id)
    if slug is None:
        row = (
            await TemplateVersion.select(TemplateVersion.template.slug.as_alias("slug"))
            .where(TemplateVersion.id == version_id)
            .first()
        )
        if len(_slugs) >= SLUGS_KEPT:
            _slugs.clear()
        slug = _slugs[version_id] = str(row["slug"]) if row else ""
    return slug


async def theme_for_envelope(envelope: dict[str, Any], brand: Brand) -> ThemeChoice:
    """The theme choice for an envelope's pages, mails and PDF."""
    return ThemeChoice(brand.theme, await template_slug(envelope.get("template_version")))


async def logo_bytes(settings: Any, brand: Brand) -> bytes | None:
    """The logo's PNG bytes, or None without one (or when its file is gone)."""
    if not brand.logo_file or not brand.logo_owner:
        return None
    try:
        _, data = await read_file(settings, uuid.UUID(brand.logo_owner), uuid.UUID(brand.logo_file))
    except (FileNotFoundError, ValueError, NotFound):
        return None
    return data


async def with_logo_inlined(settings: Any, brand: Brand) -> Brand:
    """The brand with its logo as a data: URI (for the PDF, which fetches nothing)."""
    data = await logo_bytes(settings, brand)
    if data is None:
        return brand
    return replace(brand, logo_data_uri="data:image/png;base64," + base64.b64encode(data).decode())
