"""Brand settings: checking what an administrator typed and saving it.

Every value is validated before anything is written: a colour must be ``#RRGGBB`` and pass
WCAG AA (runtime/branding/colours.py), a font comes from the allow-list, a theme must be
installed, a logo is re-encoded (logo.py). A refused form writes nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime import audit
from runtime.branding import resolve
from runtime.branding.brand import Brand
from runtime.branding.colours import contrast_problems, valid_colour
from runtime.branding.fonts import FONTS
from runtime.branding.logo import KIND, LogoError, clean_logo
from runtime.database import transaction
from runtime.files import store_bytes
from runtime.settings import Settings
from runtime.tables import Organisation
from runtime.themes import theme_names

MAX_SENDER = 200
MAX_FOOTER = 500


@dataclass
class BrandForm:
    """The brand settings as typed, and what is wrong with them (field -> message)."""

    colour: str = ""
    font: str = ""
    mail_sender_name: str = ""
    footer_text: str = ""
    theme: str = ""
    remove_logo: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> BrandForm:
        def text(key: str) -> str:
            return str(values.get(key) or "").strip()

        return cls(
            colour=_colour(text("colour")),
            font=text("font"),
            mail_sender_name=" ".join(text("mail_sender_name").split()),
            footer_text=text("footer_text").replace("\r\n", "\n"),
            theme=text("theme"),
            remove_logo=text("remove_logo") in ("1", "on", "true", "yes"),
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> BrandForm:
        return cls(
            colour=row.get("brand_colour") or "",
            font=row.get("brand_font") or "",
            mail_sender_name=row.get("mail_sender_name") or "",
            footer_text=row.get("footer_text") or "",
            theme=row.get("theme") or "",
        )

    def check(self, themes_dir: Path) -> bool:
        """Fill ``errors``; True when the form may be saved."""
        self.errors = {}
        if self.colour and not valid_colour(self.colour):
            self.errors["colour"] = "Enter the colour as # and six hex digits, like #1d5fbf."
        elif self.colour and (problems := contrast_problems(self.colour)):
            self.errors["colour"] = " ".join(problems)
        if self.font and self.font not in FONTS:
            self.errors["font"] = "Choose one of the fonts in the list."
        if self.theme and self.theme not in theme_names(themes_dir):
            self.errors["theme"] = "Choose one of the installed themes."
        if len(self.mail_sender_name) > MAX_SENDER:
            self.errors["mail_sender_name"] = f"Use at most {MAX_SENDER} characters."
        if len(self.footer_text) > MAX_FOOTER:
            self.errors["footer_text"] = f"Use at most {MAX_FOOTER} characters."
        return not self.errors

    def columns(self) -> dict[Any, Any]:
        return {
            Organisation.brand_colour: self.colour,
            Organisation.brand_font: self.font,
            Organisation.mail_sender_name: self.mail_sender_name,
            Organisation.footer_text: self.footer_text,
            Organisation.theme: self.theme,
        }


def _colour(typed: str) -> str:
    """``#rrggbb`` from what a person types or pastes: "0B5D3B" (design tools copy it without
    the #) and "#abc" (CSS's short form, #aabbcc) were refused as not a colour."""
    colour = typed.lower()
    if re.fullmatch(r"[0-9a-f]{6}|[0-9a-f]{3}", colour):
        colour = "#" + colour
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(digit * 2 for digit in colour[1:])
    return colour


async def organisation_row(organisation_id: uuid.UUID) -> dict[str, Any]:
    row = await Organisation.select().where(Organisation.id == organisation_id).first()
    assert row is not None, "a signed-in user's organisation exists"
    return row


def check_logo(data: bytes | None) -> tuple[bytes | None, str]:
    """The re-encoded logo (None without an upload) and the problem with it, if any."""
    if not data:
        return None, ""
    try:
        return clean_logo(data), ""
    except LogoError as exc:
        return None, str(exc)


async def save_brand(
    settings: Settings,
    organisation_id: uuid.UUID,
    form: BrandForm,
    logo: bytes | None,
    *,
    actor: str,
) -> None:
    """Write checked settings (``form.check`` passed, ``logo`` already re-encoded)."""
    columns = form.columns()
    if logo is not None:
        stored = await store_bytes(
            settings,
            organisation_id,
            KIND,
            logo,
            content_type="image/png",
            original_name="logo.png",
        )
        columns[Organisation.brand_logo] = stored.id
    elif form.remove_logo:
        columns[Organisation.brand_logo] = None
    async with transaction():
        await Organisation.update(columns).where(Organisation.id == organisation_id)
        await audit.record(
            organisation_id,
            "organisation.brand_changed",
            actor=actor,
            data={
                "colour": form.colour,
                "font": form.font,
                "theme": form.theme,
                "logo": "new" if logo is not None else ("removed" if form.remove_logo else ""),
            },
        )
    resolve.forget()


async def preview_brand(organisation_id: uuid.UUID, form: BrandForm) -> Brand:
    """The brand as it would be with the typed values (invalid ones left out): the form
    replaces the organisation's own row, the parents' values still fill the gaps."""
    chain = await resolve.organisation_chain(organisation_id)
    if not chain:
        return Brand()
    own = {
        **chain[0],
        "brand_colour": form.colour if valid_colour(form.colour) else "",
        "brand_font": form.font if form.font in FONTS else "",
        "mail_sender_name": form.mail_sender_name,
        "footer_text": form.footer_text,
        "theme": form.theme,
    }
    if form.remove_logo:
        own["brand_logo"] = None
    return resolve.merge([own, *chain[1:]])
