"""The Brand: what an organisation looks like to the people it sends documents to.

Plain, frozen and picklable, so the seal job can hand it to the sealing process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from runtime.branding.colours import darker, text_on, valid_colour
from runtime.branding.fonts import font

DEFAULT_COLOUR = "#1d5fbf"
"""The default theme's primary colour (themes/default/static/formseal.css)."""


@dataclass(frozen=True)
class Brand:
    """An organisation's resolved brand: its own values, else its parent's, else the theme's."""

    organisation_id: str = ""
    name: str = "formseal"
    """The display name (Organisation.name)."""
    legal_name: str = "formseal"
    """The name on PDFs, mails and the certificate of completion (falls back to ``name``)."""
    colour: str = ""
    """``#RRGGBB``; empty: the theme's own colour."""
    font_key: str = ""
    """A key of runtime.branding.fonts.FONTS; empty: the theme's font."""
    mail_sender_name: str = ""
    """The From display name of mails; empty: the legal name."""
    footer_text: str = ""
    """Shown in the page footer, the mail footer and the PDF page footer."""
    theme: str = ""
    """The theme folder; empty: the instance's theme (FORMSEAL_THEME)."""
    logo_file: str = ""
    """The StoredFile id of the logo (a PNG re-encoded on upload); empty: none."""
    logo_owner: str = ""
    """The organisation the logo file belongs to (a parent's logo serves its subsidiaries)."""
    logo_data_uri: str = ""
    """The logo inlined (PDF, previews); only filled where it is needed."""
    logo_on_colour: bool = False
    """PDF only: the logo is mostly light on a transparent ground (made to stand on the
    header's colour), so the PDF sets it on the colour too (runtime/sealing/edges.py)."""

    @property
    def has_colour(self) -> bool:
        return valid_colour(self.colour)

    @property
    def effective_colour(self) -> str:
        return self.colour if self.has_colour else DEFAULT_COLOUR

    @property
    def on_colour(self) -> str:
        """Readable text on the brand colour (white or ink)."""
        return text_on(self.effective_colour)

    @property
    def colour_dark(self) -> str:
        return darker(self.effective_colour)

    @property
    def font_stack(self) -> str:
        chosen = font(self.font_key)
        return chosen.screen if chosen else ""

    @property
    def pdf_font_stack(self) -> str:
        chosen = font(self.font_key)
        return chosen.pdf if chosen else ""

    @property
    def sender_name(self) -> str:
        return self.mail_sender_name or self.legal_name or self.name

    @property
    def logo_url(self) -> str:
        """Where pages load the logo (runtime/branding/controller.py); empty without one."""
        if not self.logo_file or not self.logo_owner:
            return ""
        return f"/brand/{self.logo_owner}/logo/{self.logo_file}"

    def css_variables(self) -> dict[str, str]:
        """The stylesheet variables this brand sets; only validated values get here."""
        found: dict[str, str] = {}
        if self.has_colour:
            found.update(
                {
                    "--brand-colour": self.colour.lower(),
                    "--brand-colour-dark": self.colour_dark,
                    "--brand-on-colour": self.on_colour,
                    "--brand-header": self.colour.lower(),
                    "--brand-header-text": self.on_colour,
                }
            )
        if self.font_stack:
            found["--brand-font"] = self.font_stack
        return found

    def stylesheet(self) -> str:
        """``:root`` rules with the variables (served as /brand/<id>/brand.css)."""
        body = "".join(f"{name}:{value};" for name, value in self.css_variables().items())
        return f":root{{{body}}}\n" if body else ""

    def scoped_stylesheet(self, selector: str) -> str:
        """The variables on one element only (the designer's preview of a signer page),
        with the theme's variables that read them declared again there, so that inside it
        buttons, links, the header and the font take the brand's values."""
        found = self.css_variables()
        if not found:
            return ""
        found |= {
            "--fs-primary": "var(--brand-colour)",
            "--fs-primary-dark": "var(--brand-colour-dark)",
            "--fs-font": "var(--brand-font)",
        }
        body = "".join(f"{name}:{value};" for name, value in found.items())
        return f"{selector}{{{body}}}\n"

    def pdf_stylesheet(self) -> str:
        """Rules for the sealed PDF (WeasyPrint): colour and font, from validated values only.

        Selectors are more specific than pdf.css's, which is applied after them."""
        rules = []
        if self.has_colour:
            colour = self.colour.lower()
            rules.append(f"body .brand-head {{ border-bottom-color: {colour}; }}")
            rules.append(f"body .brand-head__name, body h1.title {{ color: {colour}; }}")
            rules.append(f"body .brand-band {{ background: {colour}; }}")
            rules.append(f"body .brand-head__logo--on-colour {{ background: {colour}; }}")
        if self.pdf_font_stack:
            rules.append(f"html:root {{ font-family: {self.pdf_font_stack}; }}")
        return "\n".join(rules)

    @property
    def css_url(self) -> str:
        """The brand stylesheet, versioned by its content so browsers may cache it for long."""
        if not self.organisation_id or not self.css_variables():
            return ""
        version = hashlib.sha256(self.stylesheet().encode()).hexdigest()[:12]
        return f"/brand/{self.organisation_id}/brand.css?v={version}"


DEFAULT_BRAND = Brand()
