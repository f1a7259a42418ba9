"""How the sealed document reads on paper: repeating groups as tables, signatures kept with
the text they sign, typed signatures inside their box, empty answers marked, attachment
captions lined up. Checked on the text and word positions of the PDF (pypdf and poppler's
`pdftotext -bbox`), not on pixels."""

from __future__ import annotations

import base64
import re
import subprocess
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from components import parse_definition
from runtime.envelopes.document import build_blocks
from runtime.sealing import SealAttachment, seal_document
from runtime.sealing.document import typed_size
from runtime.sealing.sample import sample_seal_input, signature_png
from tests.unit.seal_layout_helpers import CLAUSE, MM, THEMES, _document_pdf, _signature, _words

A4_WIDTH = 595.28
TEXT_LEFT, TEXT_RIGHT = 22 * MM, A4_WIDTH - 22 * MM  # pdf.css @page margins


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(pdf)).pages]


SITES = {
    "name": "Sites lease",
    "roles": [{"key": "customer", "name": "Customer"}],
    "sections": [
        {
            "key": "s",
            "title": "Sites",
            "role": "customer",
            "fields": [
                {"key": "company", "component": "text", "label": "Company"},
                {
                    "key": "sites",
                    "component": "group",
                    "label": "Sites",
                    "validation": {"max_rows": 40, "row_label": "Site"},
                    "fields": [
                        {"key": "site", "component": "text", "label": "Site name"},
                        {"key": "city", "component": "text", "label": "City"},
                        {"key": "area", "component": "number", "label": "Floor area"},
                        {
                            "key": "rent",
                            "component": "money",
                            "label": "Monthly rent",
                            "validation": {"currency": "EUR"},
                        },
                    ],
                },
                {"key": "note", "component": "text", "label": "Note for the extras"},
            ],
        }
    ],
    "document": [{"kind": "heading", "text": "Sites lease"}, {"kind": "fields"}],
}


def _sites_blocks(rows: int = 30) -> list[dict]:
    definition = parse_definition(SITES)
    answers = {
        "company": "Northwind",
        "sites": [
            {
                "site": f"Warehouse {i}",
                "city": "Hamburg",
                "area": 12345678 if i % 3 == 0 else 137.5 * i,
                "rent": {"amount": f"{1234.5 * i**3:.2f}", "currency": "EUR"},
            }
            for i in range(1, rows + 1)
        ],
    }
    return build_blocks(definition, answers, [])


def test_a_repeating_group_is_a_table_with_its_headings_on_every_page() -> None:
    pages = _pages(_document_pdf(_sites_blocks(30)))
    with_rows = [text for text in pages if "Warehouse" in text]
    assert len(with_rows) >= 2, pages
    for text in with_rows:  # the column headings repeat where the table continues
        assert "Site name City Floor area Monthly rent" in text, text
    joined = " ".join(pages)
    assert "Site 1:" not in joined  # not one run-on cell of "Site 1: Site name: …; …"
    assert "30 Warehouse 30 Hamburg 12,345,678 €33,331,500.00" in joined
    # The first rows follow the other answers on the same page (a tall unsplittable cell
    # used to push the whole group to the next page and leave this one nearly empty).
    assert "Company Northwind" in with_rows[0] and "1 Warehouse 1" in with_rows[0]
    assert "Note for the extras —" in joined  # after the group, the remaining answers


def test_numbers_and_amounts_in_a_group_are_right_aligned(tmp_path: Path) -> None:
    words = _words(_document_pdf(_sites_blocks(4)), tmp_path)
    amounts = [w for w in words if re.fullmatch(r"€[\d,]+\.\d\d", w[3])]  # €1,234.50 …
    areas = [w for w in words if w[3] in ("137.5", "275", "12,345,678", "550")]
    assert len(amounts) == 4 and len(areas) == 4, words
    for column in (amounts, areas):
        right_edges = {round(w[2]) for w in column}
        assert max(right_edges) - min(right_edges) <= 1, column  # one right edge
        assert len({round(w[1]) for w in column}) > 1  # different lengths, same edge


def test_signatures_drawn_in_a_group_are_shown_in_its_table() -> None:
    """Directors who each sign in their row: the PDF shows their drawn signatures (it said
    "Signed (drawn)"), and a typed one as its words."""
    png, other = (
        "data:image/png;base64," + base64.b64encode(signature_png(width)).decode()
        for width in (240, 200)
    )
    definition = parse_definition(
        {
            "name": "Board resolution",
            "roles": [{"key": "company", "name": "Company"}],
            "sections": [
                {
                    "key": "s",
                    "title": "Directors",
                    "role": "company",
                    "fields": [
                        {
                            "key": "directors",
                            "component": "group",
                            "label": "Directors",
                            "validation": {"row_label": "Director"},
                            "fields": [
                                {"key": "name", "component": "text", "label": "Name"},
                                {"key": "sig", "component": "signature", "label": "Signature"},
                            ],
                        }
                    ],
                }
            ],
            "document": [{"kind": "fields"}],
        }
    )
    answers = {
        "directors": [
            {"name": "Ann Drawn", "sig": {"kind": "drawn", "image": png}},
            {"name": "Bo Typed", "sig": {"kind": "typed", "text": "Bo Typed"}},
            {"name": "Cy Drawn", "sig": {"kind": "drawn", "image": other}},
        ]
    }
    pdf = _document_pdf(build_blocks(definition, answers, []))
    text = _pages(pdf)[0]
    assert "Signed (drawn)" not in text and "Signed:" not in text and "Bo Typed" in text, text
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) == 2


def test_a_group_with_many_columns_keeps_every_word_in_its_column(tmp_path: Path) -> None:
    """Ten sub-fields with long German headings: the headings overlapped one another and
    a number was split over two lines ('1,234,56' / '7')."""
    labels = ["Vorname", "Nachname", "Geburtsdatum", "Staatsangehörigkeit", "Telefonnummer"]
    labels += ["Gesellschafteranteil", "Straße", "Postleitzahl", "Wohnort", "Bemerkungen"]
    subs = [
        {"key": f"f{i}", "component": "number" if i == 5 else "text", "label": label}
        for i, label in enumerate(labels)
    ]
    definition = parse_definition(
        {
            "name": "W",
            "language": "de",
            "roles": [{"key": "c", "name": "C"}],
            "sections": [
                {
                    "key": "s",
                    "title": "S",
                    "role": "c",
                    "fields": [{"key": "g", "component": "group", "label": "G", "fields": subs}],
                }
            ],
            "document": [{"kind": "fields"}],
        }
    )
    row = {f"f{i}": 1234567 if i == 5 else f"Wert-{label[:6]}" for i, label in enumerate(labels)}
    pdf = _document_pdf(build_blocks(definition, {"g": [row, row]}, []))
    path = tmp_path / "wide.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    boxes = [
        (round(float(y)), float(x0), float(x1), unescape(text))
        for x0, y, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            done.stdout,
        )
    ]
    assert sum(1 for b in boxes if b[3] == "1,234,567") == 2, boxes
    for a in boxes:
        for b in boxes:
            if a is not b and a[0] == b[0] and a[1] <= b[1]:
                assert a[2] <= b[1] + 0.5, (a, b)  # words on one line never overlap


def test_an_empty_answer_is_a_dash_not_a_blank() -> None:
    blocks = [
        {
            "kind": "fields",
            "rows": [
                {"label": "Note for the extras", "value": ""},
                {"label": "Extra budget", "value": "EUR 5.00"},
            ],
        }
    ]
    text = _pages(_document_pdf(blocks))[0]
    assert "Note for the extras — Extra budget EUR 5.00" in text, text


def test_a_long_answer_starts_where_the_answers_are_and_runs_on() -> None:
    """Kept whole, a multi-page answer jumped to the next page and left this one empty."""
    notes = "\n".join(f"Line {i}: the delivery must arrive before nine." for i in range(1, 121))
    rows = [{"label": "Name", "value": "A"}, {"label": "Notes", "value": notes}]
    rows.append({"label": "After", "value": "the last answer"})
    pages = _pages(
        _document_pdf([{"kind": "heading", "text": "Notes"}, {"kind": "fields", "rows": rows}])
    )
    assert "Name A Notes Line 1:" in pages[0], pages[0]
    assert "After the last answer" in pages[-1]


@pytest.mark.parametrize("clauses", range(6, 12))
def test_signatures_never_stand_alone_on_a_page(clauses: int) -> None:
    """Whatever the length before them, the signatures share their page with the end of the
    text they sign: a page of signatures alone could be stapled to another document."""
    blocks: list[dict] = [{"kind": "heading", "text": "Agreement"}, *[CLAUSE] * clauses]
    blocks += [{"kind": "paragraph", "html": "<p>Signed by the parties below.</p>"}]
    blocks += [_signature("Alex Example"), _signature("Priya Ramanathan")]
    pages = _pages(_document_pdf(blocks))
    last = pages[-1]
    assert "Alex Example" in last and "Priya Ramanathan" in last
    assert "Signed by the parties below." in last, (clauses, pages)


@pytest.mark.parametrize("clauses", range(2, 8))
def test_signatures_after_the_answers_take_the_last_answer_with_them(clauses: int) -> None:
    """The demo's layout: the answers table ends the page and the signature does not fit."""
    rows = [{"label": f"Question {i}", "value": "An answer " * 6} for i in range(1, 7)]
    blocks: list[dict] = [{"kind": "heading", "text": "Agreement"}, *[CLAUSE] * clauses]
    blocks += [{"kind": "fields", "rows": rows}, _signature("Alex Example")]
    pages = _pages(_document_pdf(blocks))
    signed = [text for text in pages if "Alex Example" in text]
    assert len(signed) == 1 and "Question" in signed[0], pages


LONG_NAME = "Maximilian Alexander Featherstonehaugh-Cholmondeley"


def test_a_long_typed_signature_stays_in_its_box(tmp_path: Path) -> None:
    """Two signatures side by side: a long typed name wraps at a smaller size instead of
    running into the other signature or off the page."""
    blocks = [_signature(LONG_NAME), _signature("Priya Ramanathan", typed=LONG_NAME)]
    words = _words(_document_pdf(blocks), tmp_path)
    column = 0.47 * (TEXT_RIGHT - TEXT_LEFT)
    names = [w for w in words if w[3] in LONG_NAME.split()]
    assert names, words
    for _, x_min, x_max, text in names:
        left_box = x_min < TEXT_LEFT + column
        limit = TEXT_LEFT + column if left_box else TEXT_RIGHT
        assert x_max <= limit + 1, (text, x_min, x_max, limit)


def test_typed_signature_sizes() -> None:
    assert typed_size("Jane O'Neil") == 20.0
    assert typed_size(LONG_NAME) == 10.0
    assert 10.0 < typed_size("Siti Nurhaliza binti Abdullah") < 20.0
    assert typed_size("王小明") == 20.0 and typed_size("王" * 15) < 20.0
    assert typed_size(None) == 20.0


def test_an_attachment_caption_lines_its_values_up_right_of_the_labels(tmp_path: Path) -> None:
    from PIL import Image

    image = BytesIO()
    Image.new("RGB", (400, 300), "white").save(image, "PNG")
    item = SealAttachment("Proof of address", "bill.png", "image/png", image.getvalue())
    seal_input = sample_seal_input(attachments=[item], language="en")
    pdf = seal_document(seal_input, keys_dir=tmp_path / "keys", themes_dir=THEMES).pdf
    words = [w for w in _words(pdf, tmp_path) if w[0] == 2]  # the attachment's page
    label_column_end = TEXT_LEFT + 143  # pdf.css .facts: the label column is 142.5 pt
    by_text = {w[3]: w for w in words}
    for label in ("Question", "File", "SHA-256"):
        assert by_text[label][2] < label_column_end, by_text[label]
    for value in ("Proof", "bill.png", item_sha(item)):
        assert by_text[value][1] > label_column_end, by_text[value]
        assert by_text[value][2] <= TEXT_RIGHT + 1, by_text[value]


def item_sha(item: SealAttachment) -> str:
    import hashlib

    return hashlib.sha256(item.data).hexdigest()


def test_a_long_email_in_a_justified_clause_leaves_no_wide_gaps(tmp_path: Path) -> None:
    """A long address merged into a clause went whole to the next line, and the justified
    line before it spread its few words over the width. It may now break before a dot or
    after the @, and still copies out as one address."""
    email = "maximiliane.alexandra.konstantinopoulou-wittgenstein" + "@procurement.example.co.uk"
    html = (
        "<p>The Provider will deliver the services described in the order form with "
        f"reasonable skill and care, and will tell the Customer at {email} of any change.</p>"
    )
    pdf = _document_pdf([{"kind": "paragraph", "html": html}])
    words = [w for w in _words(pdf, tmp_path) if w[0] == 1]
    line = words[words.index(next(w for w in words if w[3] == "skill")) :]
    line = line[: [w[3] for w in line].index("at") + 1]
    gaps = [b[1] - a[2] for a, b in zip(line, line[1:], strict=False)]
    assert max(gaps) < 16, gaps  # 29 pt each before (a plain space is about 3 pt)
    text = _pages(pdf)[0].replace(" ", "")
    assert email in text and "\u200b" not in text, text


@pytest.mark.parametrize("clauses", [1, 6])  # two of the layouts where they were alone
def test_a_signatures_heading_takes_the_signatures_before_it_along(clauses: int) -> None:
    """A signer the author placed no signature for gets a "Signatures" heading of their own
    after the others' signatures: that heading and the one signature went to the last page
    alone (the loan application's Guarantor); now the text before them goes too."""
    rows = [{"label": f"Question {i}", "value": "An answer " * 6} for i in range(1, 7)]
    blocks: list[dict] = [{"kind": "heading", "text": "Agreement"}, *[CLAUSE] * clauses]
    blocks += [{"kind": "fields", "rows": rows}, _signature("Alex Example")]
    blocks += [{"kind": "heading", "text": "Signatures", "level": 3}, _signature("Gus Guarantor")]
    pages = _pages(_document_pdf(blocks))
    last = [text for text in pages if "Gus Guarantor" in text]
    assert len(last) == 1 and "Question" in last[0], pages
