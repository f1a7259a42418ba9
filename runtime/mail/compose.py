"""Composing mails from themes/<theme>/email/: `<kind>.txt` (first line is the subject) and
`<kind>.html`. Header values are set through the email library, which refuses line breaks,
so names and subjects cannot inject headers."""

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from runtime.i18n.jinja import install_gettext
from runtime.settings import Settings


@lru_cache(maxsize=8)
def _environment(theme_dir: Path) -> Environment:
    """Mails are written in the language current when they are composed (runtime.i18n)."""
    env = Environment(
        loader=FileSystemLoader(str(theme_dir / "email")),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    install_gettext(env)
    return env


def _one_line(value: str) -> str:
    """One line of plain text for a header value: line breaks folded into spaces, and no
    RFC 2047 encoded-word opener (`=?`). Python's email package before 3.11.10 / 3.12.5
    decodes `=?utf-8?q?A=0D=0ABcc:_x?=` in a display name and writes the line break out
    raw, adding a header (CVE-2024-6923); a name typed by a person never holds `=?`."""
    return " ".join(value.split()).replace("=?", "= ?")


def compose(
    settings: Settings,
    kind: str,
    *,
    to_name: str,
    to_email: str,
    sender_name: str,
    context: dict[str, Any],
    attachment: tuple[str, bytes] | None = None,
) -> EmailMessage:
    env = _environment(settings.theme_dir)
    context = {**context, "sender_name": sender_name, "base_url": settings.base_url}
    text = env.get_template(f"{kind}.txt").render(context)
    subject, _, body = text.partition("\n")
    html = env.get_template(f"{kind}.html").render({**context, "subject": subject.strip()})
    message = EmailMessage()
    message["Subject"] = _one_line(subject)
    message["From"] = formataddr((_one_line(f"{sender_name} via formseal"), settings.mail_from))
    message["To"] = Address(display_name=_one_line(to_name), addr_spec=to_email.strip())
    message.set_content(body.lstrip("\n"))
    message.add_alternative(html, subtype="html")
    if attachment is not None:
        filename, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    return message
