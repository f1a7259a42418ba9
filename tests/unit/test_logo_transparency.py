"""An organisation's logo with transparency shows the header's colour through it, on the
signer pages' header and in mails: no white box is painted behind it."""

import re
from email.message import EmailMessage
from pathlib import Path

from runtime.branding.brand import Brand
from runtime.mail.compose import compose
from runtime.settings import Settings

CSS = Path(__file__).resolve().parents[2] / "themes/default/static/formseal.css"


def test_the_page_header_paints_nothing_behind_the_logo() -> None:
    rules = re.findall(r"\.brand__logo\s*\{([^}]*)\}", CSS.read_text())
    assert rules
    for rule in rules:
        assert "background" not in rule and "padding" not in rule, rule


def test_mails_paint_nothing_behind_the_logo() -> None:
    brand = Brand(
        organisation_id="o1",
        legal_name="Acme Ltd",
        colour="#0b5d3b",
        logo_file="f1",
        logo_owner="o1",
    )
    message: EmailMessage = compose(
        Settings(secret_key="s" * 40),
        "seal_failed",
        to_name="Ada",
        to_email="ada@example.com",
        sender_name="Acme Ltd",
        context={
            "name": "Ada",
            "document": "Loan",
            "envelope_id": "e1",
            "failure": {"what": "seal", "reason": "x", "attempts": 1, "version": 1, "url": ""},
        },
        brand=brand,
    )
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    images = re.findall(r"<img [^>]*>", html.get_content())
    assert len(images) == 1 and "/brand/o1/logo/f1" in images[0]
    assert "background" not in images[0] and "padding" not in images[0]
