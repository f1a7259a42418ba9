"""Composing mails from themes/<theme>/email/: `<kind>.txt` (first line is the subject) and
`<kind>.html`. Header values are set through the email library, which refuses line breaks,
so names and subjects cannot inject headers.

With a Brand (runtime/branding) the From display name is the brand's mail sender name, the
text names the organisation by its legal name, and the HTML shows its logo (an absolute URL
to /brand/<id>/logo/<file>: mail clients may hold remote images back, so the legal name is
always written beside it), colour and footer text. Templates come from the brand's theme
(runtime/themes.py: a template's own override first, then the theme, then default)."""

import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape

from runtime.branding.brand import Brand
from runtime.i18n.jinja import install_gettext
from runtime.settings import Settings
from runtime.themes import ThemeChoice, Themes, environment, themed


@lru_cache(maxsize=8)
def _environment(themes_dir: Path, base_theme: str) -> Environment:
    """Mails are written in the language current when they are composed (runtime.i18n)."""
    env = environment(
        Themes(themes_dir, base_theme),
        "email",
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    install_gettext(env)
    return env


#: runs of white space, line breaks and tabs, but not the no-break spaces (U+00A0, the
#: narrow U+202F, the figure space U+2007): French puts one before ":" and "?" ("Refusé :
#: …"), and a name may hold one. str.split() takes them for white space too.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def _spaced(value: str) -> str:
    """`value` on one line: each run of white space one space, the no-break ones kept (RFC
    2047 encodes them in a header like any other character)."""
    return _BREAKING_SPACE.sub(" ", value).strip(" ")


def _one_line(value: str) -> str:
    """One line of plain text for a header value: line breaks folded into spaces, and no
    RFC 2047 encoded-word opener (`=?`). Python's email package before 3.11.10 / 3.12.5
    decodes `=?utf-8?q?A=0D=0ABcc:_x?=` in a display name and writes the line break out
    raw, adding a header (CVE-2024-6923); a name typed by a person never holds `=?`."""
    return _spaced(value).replace("=?", "= ?")


MULTI_LINE = frozenset({"message", "reason"})
"""Context values that are free text and keep their line breaks in the body. Every other
string (the template's name, people's and organisations' names) is one line: a line break
in it would end the subject (the first line of `<kind>.txt`) early and push the rest of
the name into the body."""


def _single_line_names(context: dict[str, Any]) -> dict[str, Any]:
    """CR, LF, tabs and runs of spaces in names become one space (header-safe or not); a
    no-break space stays."""
    return {
        key: _spaced(value) if isinstance(value, str) and key not in MULTI_LINE else value
        for key, value in context.items()
    }


FLAGS_OFF: dict[str, Any] = {"viewed": False, "resent": False}
"""Flags mail templates read that only the mail job knows (a recipient who opened their
link, a resent link): a mail composed without them (the brand screen's preview, a theme's
own test) reads them as off rather than failing on an undefined name."""


def compose(
    settings: Settings,
    kind: str,
    *,
    to_name: str,
    to_email: str,
    sender_name: str,
    context: dict[str, Any],
    attachment: tuple[str, bytes] | None = None,
    brand: Brand | None = None,
    theme: ThemeChoice | None = None,
) -> EmailMessage:
    env = _environment(settings.themes_dir, settings.theme)
    base_url = settings.base_url.rstrip("/")
    from_name = f"{sender_name} via formseal"
    if brand is not None:
        sender_name, from_name = brand.legal_name, brand.sender_name
        theme = theme or ThemeChoice(brand.theme)
    context = {
        **FLAGS_OFF,
        **_single_line_names(context),
        "sender_name": _spaced(sender_name),
        "base_url": settings.base_url,
        "brand": brand,
        "logo_url": f"{base_url}{brand.logo_url}" if brand and brand.logo_url else "",
    }
    text = env.get_template(themed(f"{kind}.txt", theme)).render(context)
    subject, _, body = text.partition("\n")
    subject = _spaced(subject)
    html = env.get_template(themed(f"{kind}.html", theme)).render({**context, "subject": subject})
    message = EmailMessage()
    message["Subject"] = _one_line(subject)
    message["From"] = formataddr((_one_line(from_name), settings.mail_from))
    message["To"] = Address(display_name=_one_line(to_name), addr_spec=to_email.strip())
    body = body.lstrip("\n")
    if brand is not None and brand.footer_text:
        body = f"{body.rstrip()}\n\n-- \n{brand.footer_text}\n"
    message.set_content(body)
    message.add_alternative(html, subtype="html")
    if attachment is not None:
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message
