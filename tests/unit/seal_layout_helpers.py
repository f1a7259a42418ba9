"""Sealed documents laid out for the signature page tests: a document PDF, a signature,
the themes and clauses they are drawn with, and the words read back."""

import re
import subprocess
from html import unescape
from pathlib import Path

from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.render import render_document
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"

MM = 72 / 25.4


def _document_pdf(blocks: list[dict]) -> bytes:
    seal_input = sample_seal_input(blocks=blocks, language="en")
    html = build_document_html(seal_input, themes_dir=THEMES)
    return render_document(html, assets_dir=assets_dir(seal_input, themes_dir=THEMES)).write_pdf()


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) for every word, from `pdftotext -bbox`."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    words: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(done.stdout.split("<page ")[1:], start=1):
        for x_min, x_max, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page,
        ):
            words.append((number, float(x_min), float(x_max), unescape(text)))
    return words


CLAUSE = {
    "kind": "paragraph",
    "html": "<p>"
    + "The Supplier shall perform its obligations with reasonable skill. " * 9
    + "</p>",
}


def _signature(name: str, typed: str | None = None) -> dict:
    return {
        "kind": "signature",
        "role": "Customer",
        "name": name,
        "image": None,
        "typed": typed or name,
        "signed_at": "2026-11-27T21:29:31Z",
    }
