"""The page the signatures land on: they take the end of the text they sign along (never a
page of signatures alone), and no more than that, so the page before is not left empty.
Checked on word positions from poppler's `pdftotext -bbox`."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from tests.unit.seal_layout_helpers import MM, _document_pdf, _signature

PAGE_HEIGHT = 841.89
TEXT_TOP, TEXT_BOTTOM = 24 * MM, PAGE_HEIGHT - 26 * MM  # pdf.css @page margins


def _page_words(pdf: bytes, tmp_path: Path) -> list[list[tuple[float, str]]]:
    """Per page, (yMax, word) for every word of the text area (header and footer left out)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for page in done.stdout.split("<page ")[1:]:
        found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        pages.append(
            [
                (float(y_max), unescape(word))
                for y_min, y_max, word in found
                if float(y_min) > TEXT_TOP and float(y_max) < TEXT_BOTTOM
            ]
        )
    return pages


@pytest.mark.parametrize("rows", [14, 15, 16])
def test_a_tall_last_answer_splits_instead_of_leaving_the_page_before_empty(
    rows: int, tmp_path: Path
) -> None:
    """A table that nearly fills the page, its last answer several lines long, then the
    signatures: the whole last answer went over with them and left a fifth of the page
    before empty. Now the answer starts on that page and only its last lines go along."""
    answers = [{"label": f"Question {i}", "value": "An answer " * 6} for i in range(1, rows)]
    answers.append({"label": f"Question {rows}", "value": "Long answer words " * 30})
    blocks: list[dict] = [
        {"kind": "heading", "text": "Agreement"},
        {"kind": "fields", "rows": answers},
    ]
    blocks += [_signature("Alex Example"), _signature("Priya Ramanathan")]
    pages = _page_words(_document_pdf(blocks), tmp_path)
    assert len(pages) == 2, pages
    first, second = ([word for _, word in page] for page in pages)
    assert "Alex" in second and "Priya" in second and "Alex" not in first
    assert str(rows) in first and "Long" in first, first  # the last answer starts on page 1
    assert second.index("Long") < second.index("Alex"), second  # its end is with them
    empty = (TEXT_BOTTOM - max(y for y, _ in pages[0])) / (TEXT_BOTTOM - TEXT_TOP)
    assert empty < 0.08, f"{empty:.0%} of page 1 left empty"
