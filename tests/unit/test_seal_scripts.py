"""Every character a signer can type reaches the sealed PDF as a real glyph, never a box.

Answers, typed signatures, recipients on the certificate and the page header carry text in
many scripts and emoji. Three independent checks: WeasyPrint logs no ".notdef" fallback, every
glyph the PDF draws exists in its embedded font and has ink (missing glyphs are written as
ids past the font's last glyph), and pypdf extracts the text again. Emoji come out in colour.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from components import parse_definition
from runtime.branding.fonts import FONTS as BRAND_FONTS
from runtime.branding.fonts import PDF_SANS_SCRIPTS, PDF_SERIF_SCRIPTS
from runtime.envelopes.document import build_blocks
from runtime.sealing import seal_document
from runtime.sealing.attachments import FOOTER_CSS
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.render import render_document
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"
# Devanagari and Bengali without pre-base vowel signs (ि): those are drawn right, but a PDF's
# glyph-to-text map cannot always give them back (docs/sealing.md, Known limits; see
# test_reordered_indic_letters_copy_wrongly).
ANSWERS = {
    "Arabic": "مرحبا بالعالم",
    "Hebrew": "שלום עולם",
    "Thai": "สวัสดีชาวโลก",
    "Devanagari": "नमस्ते भारत",
    "Greek": "Γειά σου Κόσμε",
    "Cyrillic": "Привет, мир",
    "Vietnamese": "Xin chào thế giới",
    "Chinese": "你好世界",
    "Japanese": "こんにちは世界",
    "Korean": "안녕하세요 세계",
    "Latin": "Ça va? Øre, Łódź, Ñandú, ß, Cafe\u0301",
    "Emoji": "Thanks 😀👍🏽❤️🎉🇫🇷👩‍👩‍👧",
    # no font of their own in pdf.css: fontconfig's fallback finds the Noto one
    "Armenian, Georgian, Bengali, Tamil, Ethiopic": "Բարեւ გამარჯობა নমস্কার வணக்கம் ሰላም",
}
TYPED = ["محمد علي", "王小明", "สมชาย", "राम", "Ann 😀"]
RECIPIENT = "Μαρία 王 محمد สมชาย 😀"
# one embedded font per script, as named in pdf.css (and the emoji font found by fallback)
EMBEDDED = ("Naskh-Arabic", "Serif-Hebrew", "Serif-Thai", "Serif-Devanagari", "Color-Emoji")


def _seal_input() -> Any:
    blocks: list[dict] = [
        {"kind": "heading", "text": "Scripts", "level": 1},
        {"kind": "fields", "rows": [{"label": k, "value": v} for k, v in ANSWERS.items()]},
    ]
    for typed in TYPED:
        blocks.append(
            {"kind": "signature", "role": "Signer", "name": typed, "image": None,
             "typed": typed, "signed_at": "2026-11-23T15:40:00Z"}
        )  # fmt: skip
    recipient = {
        "name": RECIPIENT, "email": "maria@example.com", "role": "Ελεγκτής ✓",
        "ip": "203.0.113.7", "user_agent": "Mozilla/5.0", "viewed_at": "2026-11-23T14:01:00Z",
        "signed_at": "2026-11-23T14:05:12Z", "identity_checks": [],
        "consent_at": "2026-11-23T14:01:30Z", "consent_sha256": "c" * 64,
    }  # fmt: skip
    return sample_seal_input(
        language="en", blocks=blocks, recipients=[recipient], template_name="Scripts 🖋️ עסק"
    )


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path, list[str]]:
    keys = tmp_path_factory.mktemp("scripts-keys")
    handler, weasy = _Warnings(), logging.getLogger("weasyprint")
    weasy.addHandler(handler)
    try:
        pdf = seal_document(_seal_input(), keys_dir=keys, themes_dir=THEMES).pdf
    finally:
        weasy.removeHandler(handler)
    path = tmp_path_factory.mktemp("scripts") / "sealed.pdf"
    path.write_bytes(pdf)
    return pdf, path, handler.messages


def _fonts(resources: Any) -> dict[str, Any]:
    """Fonts of a page's resources (pypdf objects), those of its form XObjects included."""
    fonts = (ref.get_object() for ref in resources.get("/Font", {}).values())
    found = {str(font["/BaseFont"]): font for font in fonts}
    for xobject in resources.get("/XObject", {}).values():
        inner = xobject.get_object().get("/Resources")
        if inner is not None:
            found.update(_fonts(inner.get_object()))
    return found


def _to_unicode(font: Any) -> dict[int, str]:
    """Glyph id -> text from the font's ToUnicode map (bfchar entries and bfranges)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}

    def text(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be") if hexa else ""

    for body in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, hexa in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", body):
            mapping[int(cid, 16)] = text(hexa)
    for body in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, hexa in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w*)>", body):
            start = int.from_bytes(bytes.fromhex(hexa), "big")
            for offset, cid in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[cid] = chr(start + offset)
    return mapping


def _glyph_problems(name: str, font: Any) -> list[str]:
    """Glyphs drawn with this font that it lacks (.notdef, or past its last glyph), or that
    have no ink though they stand for visible text."""
    descendant = font["/DescendantFonts"][0].get_object()
    assert descendant.get("/CIDToGIDMap", "/Identity") == "/Identity", name
    descriptor = descendant["/FontDescriptor"].get_object()
    stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    ttfont = TTFont(io.BytesIO(stream.get_object().get_data()))
    order, glyphs = ttfont.getGlyphOrder(), ttfont.getGlyphSet()
    colour = "Color-Emoji" in name  # WeasyPrint draws these glyphs as images, empty outlines
    problems = []
    for gid, text in _to_unicode(font).items():
        if gid == 0 or gid >= len(order):
            problems.append(f"{name}: no glyph for {text!r}")
            continue
        visible = any(not (c.isspace() or unicodedata.category(c) in ("Cf", "Mn")) for c in text)
        if visible and not colour:
            pen = BoundsPen(glyphs)
            glyphs[order[gid]].draw(pen)
            if pen.bounds is None:
                problems.append(f"{name}: empty glyph for {text!r}")
    return problems


def _plain(text: str) -> str:
    """Without bidi controls and line breaks, composed, so RTL and NFD text compare."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf" or c == "\u200d")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_no_character_falls_back_to_notdef(sealed) -> None:
    _, _, warnings = sealed
    assert not [m for m in warnings if "notdef" in m], warnings


def test_every_drawn_glyph_is_in_its_embedded_font(sealed) -> None:
    pdf, _, _ = sealed
    fonts: dict[str, Any] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts.update(_fonts(page["/Resources"]))
    problems = [p for name, font in fonts.items() for p in _glyph_problems(name, font)]
    assert not problems, problems
    for family in EMBEDDED:
        assert any(family in name for name in fonts), (family, sorted(fonts))


def test_answers_signatures_and_certificate_text_come_back(sealed) -> None:
    pdf, _, _ = sealed
    text = " ".join(_plain(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages)
    for value in [*ANSWERS.values(), *TYPED]:
        assert _plain(value) in text, value
    assert "Scripts 🖋️ עסק" in text  # the page header and the certificate's template line
    assert _plain(RECIPIENT) in text and "Ελεγκτής ✓" in text  # only on the certificate


def test_emoji_are_drawn_in_colour(sealed) -> None:
    """Noto Color Emoji's bitmaps become images in the PDF; the rest of the page is grey
    ink and the typed signatures' dark blue, so strongly coloured pixels are the emoji."""
    _, path, _ = sealed
    done = subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", "40", str(path)],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    _, width, height, _, pixels = done.stdout.split(maxsplit=4)
    rgb = [pixels[i : i + 3] for i in range(0, int(width) * int(height) * 3, 3)]
    coloured = sum(1 for r, g, b in rgb if max(r, g, b) - min(r, g, b) > 100)
    assert coloured > 50, f"only {coloured} coloured pixels: emoji missing or monochrome?"


def test_brand_fonts_and_attachment_footers_keep_the_script_fonts() -> None:
    """pdf.css names the script fonts once per style; a brand font replaces the whole stack
    and the attachment footer has its own, so both must carry the same faces."""
    css = (THEMES / "default" / "pdf" / "pdf.css").read_text(encoding="utf-8")
    for variable, families in (
        ("--fs-serif-scripts", PDF_SERIF_SCRIPTS),
        ("--fs-sans-scripts", PDF_SANS_SCRIPTS),
    ):
        declared = re.search(rf"{variable}:([^;]*);", css)
        assert declared and " ".join(declared.group(1).split()) == families, variable
    for choice in BRAND_FONTS.values():
        assert PDF_SANS_SCRIPTS in choice.pdf or PDF_SERIF_SCRIPTS in choice.pdf, choice.label
    assert PDF_SANS_SCRIPTS in FOOTER_CSS


def test_typed_signature_in_arabic_reads_right_to_left() -> None:
    """As the signer saw it (the typed-signature input has dir="auto"): the full stop of
    'سارة الأحمد.' at its left end, the name from the right end of the line."""
    blocks = [
        {"kind": "signature", "role": role, "name": "Sara", "image": None, "typed": typed,
         "signed_at": "2026-11-23T15:40:00Z"}
        for role, typed in (("A", "سارة الأحمد."), ("B", "Sara سارة"))
    ]  # fmt: skip
    html = build_document_html(sample_seal_input(blocks=blocks), themes_dir=THEMES)
    assert '<span class="typed" dir="rtl" style="font-size: 20.0pt">سارة الأحمد.</span>' in html
    assert '<span class="typed" style="font-size: 20.0pt">Sara سارة</span>' in html


def test_an_arabic_answer_in_a_group_row_reads_right_to_left() -> None:
    """A site's address typed in Arabic in a repeating group: its cell reads right to left
    and is right-aligned, like the same answer in the table of answers (it was laid out
    left to right, its full stop at the wrong end); Latin cells and numbers are unchanged."""
    definition = parse_definition(
        {
            "name": "Sites",
            "roles": [{"key": "customer", "name": "Customer"}],
            "sections": [
                {"key": "s", "title": "Sites", "role": "customer", "fields": [
                    {"key": "sites", "component": "group", "label": "Sites", "fields": [
                        {"key": "site", "component": "text", "label": "Site name"},
                        {"key": "address", "component": "text", "label": "Address"},
                        {"key": "area", "component": "number", "label": "Area"},
                    ]},
                ]},
            ],
            "document": [{"kind": "fields"}],
        }
    )  # fmt: skip
    address = "شارع الملك فهد، الرياض."
    answers = {"sites": [{"site": "Riyadh office", "address": address, "area": 1200}]}
    seal_input = sample_seal_input(language="en", blocks=build_blocks(definition, answers, []))
    html = build_document_html(seal_input, themes_dir=THEMES)
    assert f'<td dir="rtl">{address}</td>' in html
    assert "<td>Riyadh office</td>" in html
    assert '<td class="num">1,200</td>' in html


@pytest.mark.xfail(
    strict=True,
    reason="a PDF's ToUnicode gives a glyph one text: a consonant drawn with a pre-base "
    "vowel sign elsewhere copies wrongly (docs/sealing.md, Known limits)",
)
def test_reordered_indic_letters_copy_wrongly() -> None:
    """'हम' drawn before 'हिन्दी' (the same ह glyph, bare then with ि in front of it) copies
    as 'हम हन्दी'. When this passes, WeasyPrint has fixed it: drop the known limit."""
    seal_input = sample_seal_input(
        blocks=[{"kind": "fields", "rows": [{"label": "Hindi", "value": "हम हिन्दी"}]}]
    )
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()
    assert "हम हिन्दी" in _plain(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
