"""A clause whose text ends in a space ("…this agreement. </p>", "… <br>") is justified like
any other: WeasyPrint broke its last lines early, leaving one word alone on a line
("changes" over "of personnel and any event…"), so the sealed document drops the spaces at
the end of a clause's lines (runtime/sealing/document.py; layout only)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from runtime.sealing.document import assets_dir, build_document_html, trim_line_ends
from runtime.sealing.render import render_pdf
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"
CLAUSE = (
    "The Provider shall perform its obligations under this clause diligently, in accordance "
    "with good industry practice and all applicable laws, and shall keep the Customer "
    "informed of any matter that may reasonably affect the delivery of the services, "
    "including delays, changes of personnel and any event described in the schedules to "
    "this agreement. "
)


def test_spaces_at_the_end_of_a_clause_s_lines_go_and_nothing_else() -> None:
    assert trim_line_ends("<p>Agreed. </p>") == "<p>Agreed.</p>"
    assert trim_line_ends("<p>a <strong>b. </strong>\n</p>") == "<p>a <strong>b.</strong></p>"
    assert trim_line_ends("<p>one \t<br>two</p>") == "<p>one<br>two</p>"
    assert trim_line_ends("<ul><li>x </li></ul>") == "<ul><li>x</li></ul>"
    for kept in ("<p>a <em>b</em> c</p>", "<p>price&nbsp;</p>", '<p><a href="x y">z</a></p>'):
        assert trim_line_ends(kept) == kept


def _short_lines(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.strip() for line in text.splitlines() if 0 < len(line.strip()) < 20]


def test_a_clause_ending_in_a_space_keeps_its_words_together(tmp_path: Path) -> None:
    blocks = [
        {"kind": "heading", "text": "Services", "level": 2},
        {"kind": "paragraph", "html": f"<p>{CLAUSE * 3}</p>"},
        {"kind": "paragraph", "html": f"<p>{CLAUSE * 3}<br>The next line.</p>"},
    ]
    seal_input = sample_seal_input(blocks=blocks, language="en")
    html = build_document_html(seal_input, themes_dir=THEMES)
    pdf = tmp_path / "clauses.pdf"
    pdf.write_bytes(render_pdf(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)))
    # before: "changes" alone on a line, twice
    assert [line for line in _short_lines(pdf) if "Services" not in line] == ["The next line."]
