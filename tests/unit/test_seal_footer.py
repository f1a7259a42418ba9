"""The organisation's footer text (registered office, register number, board) is printed
whole at the foot of every page: long text wraps onto more lines instead of running off
the right edge of the page."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from runtime.branding.brand import Brand
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.render import render_document
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"
A4_WIDTH, A4_HEIGHT = 595.28, 841.89
FOOTER = (
    "Sitz der Gesellschaft: Hamburg · Registergericht: Amtsgericht Hamburg HRB 123456 · "
    "Vorstand: Dr. Anna Beispiel (Vorsitzende), Bernd Muster, Carla Probe · Aufsichtsrat: "
    "Dieter Vorlage (Vorsitzender) · USt-IdNr. DE123456789 · Versicherungsteuer-Nr. "
    "9116/807/12345 · BaFin-Reg.-Nr. 1234 · Zweigniederlassungen: Bremen, Kiel, Lübeck, "
    "Rostock, Schwerin, Oldenburg, Osnabrück · Beschwerdestelle: Versicherungsombudsmann e.V., "
    "Postfach 080632, 10006 Berlin · Sitz Nordwest, Ende"
)
INITIALS = {"label": "Initials", "value": "AB", "mark": {"typed": "AB"}}


@pytest.mark.parametrize("initialled", [False, True])
def test_a_long_footer_text_wraps_inside_the_page(tmp_path: Path, initialled: bool) -> None:
    """A German AG's legal footer (the 500 characters the brand screen allows) ran off the
    right edge in one line: 'Vorstand: Dr. Anna Beispiel (Vorsitzende), Bernd Mu' and
    nothing after it. On a page whose initials take the right of the footer too."""
    assert len(FOOTER) <= 500
    brand = Brand(legal_name="Nordwest AG", footer_text=FOOTER)
    blocks = [{"kind": "heading", "text": "Agreement", "level": 1}]
    blocks += [{"kind": "fields", "rows": [INITIALS] if initialled else []}]
    seal_input = sample_seal_input(brand=brand, language="en", blocks=blocks)
    html = build_document_html(seal_input, themes_dir=THEMES)
    path = tmp_path / "doc.pdf"
    path.write_bytes(
        render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    words = [
        (float(x1), float(y1), unescape(text))
        for x1, y1, text in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            boxes,
        )
    ]
    printed = " ".join(text for _, _, text in words)
    assert "Vorstand: Dr. Anna Beispiel" in printed and "Sitz Nordwest, Ende" in printed
    assert all(x1 <= A4_WIDTH - 10 and y1 <= A4_HEIGHT - 8 for x1, y1, _ in words), words
