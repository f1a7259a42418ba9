"""Four signers or more near a page's end: the signature block splits between rows of
boxes, its heading and first rows staying on the page where it starts. Orphans and
widows (two rows each by default) kept two rows together, so the whole block went to the
next page with its last row and left the page before half empty. Each box stays whole."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.unit.test_seal_layout import CLAUSE, _document_pdf, _signature

NAMES = ["Alex Example", "Priya Ramanathan", "Chen Wei", "Dana Okafor", "Eli Novak", "Fatima Zahra"]
LINE = {"kind": "paragraph", "html": "<p>" + "A short line of text to fill the page. " * 2 + "</p>"}


def _pages(signers: int, lines: int) -> list[str]:
    blocks: list[dict] = [
        {"kind": "heading", "text": "Agreement", "level": 1},
        CLAUSE,
        CLAUSE,
        *[LINE] * lines,
        {"kind": "heading", "text": "Signatures", "level": 2},
        *(_signature(name) for name in NAMES[:signers]),
    ]
    pdf = _document_pdf(blocks)
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages]


def _page_of(pages: list[str], name: str) -> int:
    """The one page a signer's box is on: its typed signature and its name under the line
    (a box split across pages would put them on two)."""
    found = [number for number, text in enumerate(pages, start=1) if name in text]
    assert len(found) == 1, (name, found)
    assert pages[found[0] - 1].count(name) == 2, name
    return found[0]


@pytest.mark.parametrize(
    ("signers", "lines", "on_first_page"),
    [(4, 5, 2), (5, 2, 4), (6, 2, 4), (6, 5, 2)],
)
def test_the_first_rows_stay_on_the_page_where_the_block_starts(
    signers: int, lines: int, on_first_page: int
) -> None:
    pages = _pages(signers, lines)
    assert len(pages) == 2, pages
    assert "Signatures" in pages[0]  # the heading where the block starts…
    where = [_page_of(pages, name) for name in NAMES[:signers]]
    # …with the rows that fit under it; the others on the next page
    assert where == [1] * on_first_page + [2] * (signers - on_first_page), where


def test_a_heading_goes_over_with_the_first_row_when_none_fits() -> None:
    pages = _pages(4, 12)
    assert len(pages) == 2, pages
    assert "Signatures" not in pages[0] and "Signatures" in pages[1]
    assert [_page_of(pages, name) for name in NAMES[:4]] == [2, 2, 2, 2]
