"""Three signers or more near a page's end: the signature block splits between rows of
boxes, its heading and first row at least staying on the page where it starts, and never
leaves one row alone on the next page (`widows: 2` on .signatures, in rows). Where only one
row would go over, one more goes with it; a block of two rows does not split at all and goes
over whole with its heading and the last lines of text. With `widows: 1` the fifth box of
five, or the third of three, stood alone at the top of an otherwise empty last page. Orphans
and widows of two each kept two rows together on both sides, so a block of two or three rows
never split and went over whole, leaving the page before half empty. Each box stays whole."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from runtime.sealing import seal_document, trust_roots, verify_pdf
from runtime.sealing.sample import sample_seal_input
from tests.unit.seal_layout_helpers import CLAUSE, THEMES, _document_pdf, _signature

NAMES = [
    "Alex Example",
    "Priya Ramanathan",
    "Chen Wei",
    "Dana Okafor",
    "Eli Novak",
    "Fatima Zahra",
    "Gus Guarantor",
    "Hana Ito",
]
LINE = {"kind": "paragraph", "html": "<p>" + "A short line of text to fill the page. " * 2 + "</p>"}


def _blocks(signers: int, lines: int) -> list[dict]:
    return [
        {"kind": "heading", "text": "Agreement", "level": 1},
        CLAUSE,
        CLAUSE,
        *[LINE] * lines,
        {"kind": "heading", "text": "Signatures", "level": 2},
        *(_signature(name) for name in NAMES[:signers]),
    ]


def _texts(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages]


def _pages(signers: int, lines: int) -> list[str]:
    return _texts(_document_pdf(_blocks(signers, lines)))


def _page_of(pages: list[str], name: str) -> int:
    """The one page a signer's box is on: its typed signature and its name under the line
    (a box split across pages would put them on two)."""
    found = [number for number, text in enumerate(pages, start=1) if name in text]
    assert len(found) == 1, (name, found)
    assert pages[found[0] - 1].count(name) == 2, name
    return found[0]


@pytest.mark.parametrize(
    ("signers", "lines", "on_first_page"),
    # (5, 2) and (6, 2): two rows fit; the third went over alone, now the second goes with it.
    # (8, 2): two rows each side. (6, 5): one row fits, two go over (as before).
    [(5, 2, 2), (6, 2, 2), (8, 2, 4), (6, 5, 2)],
)
def test_the_rows_that_go_over_are_never_one_alone(
    signers: int, lines: int, on_first_page: int
) -> None:
    pages = _pages(signers, lines)
    assert len(pages) == 2, pages
    assert "Signatures" in pages[0]  # the heading where the block starts, with its first row…
    where = [_page_of(pages, name) for name in NAMES[:signers]]
    # …and the others on the next page, two rows of them at least
    assert where == [1] * on_first_page + [2] * (signers - on_first_page), where


@pytest.mark.parametrize(("signers", "lines"), [(3, 8), (4, 5), (4, 12)])
def test_a_block_of_two_rows_that_does_not_fit_goes_over_whole(signers: int, lines: int) -> None:
    """One row on each page would leave the second alone on the last page: the heading, both
    rows and the last lines of the text before them go over together instead."""
    pages = _pages(signers, lines)
    assert len(pages) == 2, pages
    assert "Signatures" not in pages[0] and "Signatures" in pages[1]
    assert "A short line of text" in pages[1]  # never a page of signatures alone
    assert [_page_of(pages, name) for name in NAMES[:signers]] == [2] * signers


def test_a_sealed_block_split_in_rows_still_validates(tmp_path: Path) -> None:
    """The sealed PDF (document, certificate, seal) lays the rows out the same way, and the
    seal over it verifies."""
    seal_input = sample_seal_input(blocks=_blocks(5, 2), language="en")
    pdf = seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEMES).pdf
    report = verify_pdf(pdf, trust_roots(tmp_path))
    assert report.ok and report.intact, report.reasons
    document = _texts(pdf)[:2]  # the certificate follows
    assert "Signatures" in document[0]
    assert [_page_of(document, name) for name in NAMES[:5]] == [1, 1, 2, 2, 2]
