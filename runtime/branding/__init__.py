"""An organisation's brand (logo, colour, font, mail sender name, footer text, theme), as
signer pages, embeds, mails and the sealed PDF show it (docs/themes-and-brands.md)."""

from runtime.branding.brand import Brand

__all__ = ["Brand"]
