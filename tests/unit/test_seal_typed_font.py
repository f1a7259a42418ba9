"""A typed signature is sealed in Dancing Script, the face the signer saw and adopted.

The theme's pdf.css loads the signing page's own fontsource files (static/vendor/fonts) as
@font-face; characters Dancing Script lacks fall back to the document's script faces.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from components import parse_definition
from runtime.envelopes.document import build_blocks
from runtime.sealing import seal_document
from runtime.sealing.document import build_document_html
from runtime.sealing.sample import sample_seal_input, signature_png

THEME = Path(__file__).resolve().parents[2] / "themes" / "default"
FONTS = sorted((THEME / "static" / "vendor" / "fonts").glob("dancing-script-*-400-normal.woff2"))
LATIN, POLISH_VIETNAMESE, CHINESE = "Ann Example", "Łódź Nguyễn Thị", "王小明"
ARABIC = "سارة الأحمد"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[str, str]], PdfReader]:
    """(text, embedded font name) for each run of text the signatures' page draws."""
    blocks = [
        {"kind": "signature", "role": "Signer", "name": "Signer", "image": None, "typed": typed,
         "signed_at": "2026-11-23T15:40:00Z"}
        for typed in (LATIN, POLISH_VIETNAMESE, CHINESE)
    ]  # fmt: skip
    keys = tmp_path_factory.mktemp("typed-font-keys")
    pdf = seal_document(
        sample_seal_input(language="en", blocks=blocks), keys_dir=keys, themes_dir=THEME.parent
    ).pdf
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, str]] = []

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip() and font is not None:
            found.append((text, str(font["/BaseFont"])))

    reader.pages[0].extract_text(visitor_text=visit)
    return found, reader


def _drawn_in(runs: list[tuple[str, str]], family: str) -> str:
    return "".join(text for text, font in runs if family in font)


def test_the_fonts_are_there() -> None:
    assert len(FONTS) == 3, "run `make assets`: the signing page's fonts are missing"


def test_typed_signature_is_drawn_in_dancing_script(runs) -> None:
    found, _ = runs
    drawn = _drawn_in(found, "Dancing-Script")
    assert LATIN in drawn
    # Polish and Vietnamese letters come from the latin-ext and vietnamese files
    assert POLISH_VIETNAMESE.replace(" ", "") in drawn.replace(" ", "")
    assert not [text for text, font in found if "DejaVu-Serif-Italic" in font]


def test_chinese_typed_signature_falls_back_to_noto_cjk(runs) -> None:
    found, _ = runs
    assert CHINESE not in _drawn_in(found, "Dancing-Script")
    assert CHINESE in _drawn_in(found, "Noto-Serif-CJK-SC")


def test_every_dancing_script_glyph_is_its_characters_glyph(runs) -> None:
    """Each embedded Dancing Script font draws each character with that character's own
    outline from the fontsource file: three files under one family name were once written
    as one PDF font, and 'Ł' came out as 'Â'."""
    _, reader = runs
    source: dict[str, list[Any]] = {}
    for path in FONTS:
        font = TTFont(path)
        glyphs = font.getGlyphSet()
        for code, name in font.getBestCmap().items():
            pen = DecomposingRecordingPen(glyphs)
            glyphs[name].draw(pen)
            source.setdefault(chr(code), []).append(pen.value)
    checked = 0
    resources = reader.pages[0]["/Resources"]
    fonts = [ref.get_object() for ref in resources.get("/Font", {}).values()]
    for xobject in resources.get("/XObject", {}).values():
        inner = xobject.get_object().get("/Resources")
        if inner is not None:
            fonts += [ref.get_object() for ref in inner.get_object().get("/Font", {}).values()]
    for font in fonts:
        if "Dancing-Script" not in str(font["/BaseFont"]):
            continue
        descendant = font["/DescendantFonts"][0].get_object()
        stream = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object()
        embedded = TTFont(io.BytesIO(stream.get_data()))
        order, glyphs = embedded.getGlyphOrder(), embedded.getGlyphSet()
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        for gid_hex, text_hex in _bfchars(cmap):
            char = bytes.fromhex(text_hex).decode("utf-16-be")
            if char.isspace():
                continue
            pen = DecomposingRecordingPen(glyphs)
            glyphs[order[int(gid_hex, 16)]].draw(pen)
            assert pen.value in source[char], (str(font["/BaseFont"]), char)
            checked += 1
    assert checked >= len(set((LATIN + POLISH_VIETNAMESE).replace(" ", "")))


def _bfchars(cmap: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for body in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs += re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", body)
    return pairs


def test_typed_signatures_in_a_group_row_are_drawn_like_any_other(tmp_path: Path) -> None:
    """Directors who type their names in their rows: sealed in Dancing Script (an Arabic
    name in the document's Arabic face, right to left), as a typed signature block is; they
    printed as plain "Signed: Ann Example" in the answers' face."""
    definition = parse_definition(
        {
            "name": "Board resolution",
            "roles": [{"key": "company", "name": "Company"}],
            "sections": [
                {"key": "s", "title": "Directors", "role": "company", "fields": [
                    {"key": "directors", "component": "group", "label": "Directors",
                     "fields": [
                         {"key": "name", "component": "text", "label": "Name"},
                         {"key": "sig", "component": "signature", "label": "Signature"},
                         {"key": "ini", "component": "initials", "label": "Initials"},
                     ]},
                ]},
            ],
            "document": [{"kind": "fields"}],
        }
    )  # fmt: skip
    answers = {
        "directors": [
            {"name": "Ann", "sig": {"kind": "typed", "text": LATIN},
             "ini": {"kind": "typed", "text": "AE"}},
            {"name": "Sara", "sig": {"kind": "typed", "text": ARABIC}},
        ]
    }  # fmt: skip
    seal_input = sample_seal_input(language="en", blocks=build_blocks(definition, answers, []))
    html = build_document_html(seal_input, themes_dir=THEME.parent)
    assert f'<span class="typed" dir="rtl">{ARABIC}</span>' in html
    pdf = seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEME.parent).pdf
    found: list[tuple[str, str]] = []

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip() and font is not None:
            found.append((text, str(font["/BaseFont"])))

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text(visitor_text=visit)
    assert "Signed:" not in text and "Initialled:" not in text, text
    drawn = _drawn_in(found, "Dancing-Script")
    assert LATIN in drawn and "AE" in drawn, found
    assert ARABIC.split()[0] in _drawn_in(found, "Naskh-Arabic"), found


def test_a_forms_initials_are_on_the_page_as_made() -> None:
    """Initials asked once in the form ("Your initials on each page") were on no page of the
    sealed document: now a row of the answers, typed ones in the signature face, drawn ones
    as drawn, unless a signature block already shows them."""
    png = "data:image/png;base64," + base64.b64encode(signature_png(120)).decode()
    fields = [
        {"key": "typed", "component": "initials", "label": "Typed initials"},
        {"key": "drawn", "component": "initials", "label": "Drawn initials"},
        {"key": "boxed", "component": "initials", "label": "Boxed initials"},
    ]
    definition = parse_definition(
        {
            "name": "Initials",
            "roles": [{"key": "customer", "name": "Customer"}],
            "sections": [{"key": "s", "title": "S", "role": "customer", "fields": fields}],
            "document": [
                {"kind": "fields"},
                {"kind": "signature", "role": "customer", "field": "boxed"},
            ],
        }
    )
    answers = {
        "typed": {"kind": "typed", "text": "AE"},
        "drawn": {"kind": "drawn", "image": png},
        "boxed": {"kind": "typed", "text": "ZZ"},
    }
    blocks = build_blocks(definition, answers, [])
    html = build_document_html(
        sample_seal_input(language="en", blocks=blocks), themes_dir=THEME.parent
    )
    assert '<td><span class="typed">AE</span></td>' in html
    assert f'<td><img class="cell-mark" src="{png}"' in html
    assert "Boxed initials" not in html and html.count(">ZZ<") == 1  # in its box only


def test_initials_are_drawn_at_the_foot_of_every_page_of_the_document(tmp_path: Path) -> None:
    """'Your initials on each page': the form's initials are drawn in the bottom margin of
    every page of the document (typed ones in the signature face, drawn ones as drawn), not
    on the audit certificate; a document without initials has no such footer."""
    png = "data:image/png;base64," + base64.b64encode(signature_png(120)).decode()
    clause = "<p>" + "The borrower returns the equipment in good order. " * 40 + "</p>"
    definition = parse_definition(
        {
            "name": "Equipment loan",
            "roles": [{"key": "employee", "name": "Employee"}, {"key": "it", "name": "IT"}],
            "sections": [
                {"key": "s", "title": "S", "role": "employee", "fields": [
                    {"key": "ini", "component": "initials", "label": "Your initials"}]},
                {"key": "t", "title": "T", "role": "it", "fields": [
                    {"key": "ini2", "component": "initials", "label": "IT initials"}]},
            ],
            "document": [*[{"kind": "paragraph", "html": clause}] * 5, {"kind": "fields"}],
        }
    )  # fmt: skip
    answers = {"ini": {"kind": "typed", "text": "AE"}, "ini2": {"kind": "drawn", "image": png}}

    def sealed(answers: dict[str, Any]) -> PdfReader:
        blocks = build_blocks(definition, answers, [])
        seal_input = sample_seal_input(language="en", blocks=blocks)
        result = seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEME.parent)
        return PdfReader(io.BytesIO(result.pdf))

    reader = sealed(answers)
    *document, certificate = reader.pages
    assert len(document) >= 3
    for number, page in enumerate(document, 1):
        found: list[tuple[str, str]] = []

        def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
            if text.strip() and font is not None:
                found.append((text, str(font["/BaseFont"])))  # noqa: B023

        assert "Initials" in page.extract_text(visitor_text=visit), number
        assert "AE" in _drawn_in(found, "Dancing-Script"), (number, found)
        assert len(page.images) >= 1, f"page {number}: the drawn initials are missing"
    assert "Initials" not in certificate.extract_text()
    assert not any("Initials" in p.extract_text() for p in sealed({}).pages)
