"""Word contracts (.docx) become document blocks: headings stay headings, paragraphs and
lists become clauses. mammoth reads the file; images and external files are never read.

The upload is checked as a zip first (size, entries, unpacked size), so a zip bomb is
refused before any XML is parsed; conversion runs in a worker thread.
"""

import asyncio
import html
import io
import zipfile
from html.parser import HTMLParser
from typing import Any

from designer.document.blocks import clean_html
from runtime.errors import Invalid

#: "10 MB": a MB of 1,000,000 bytes, as every size the designer names
MAX_DOCX_BYTES = 10_000_000
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_BLOCKS = 1000
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}


def _check_zip(data: bytes) -> None:
    if len(data) > MAX_DOCX_BYTES:
        raise Invalid(f"The file is larger than {MAX_DOCX_BYTES // 10**6} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise Invalid(
                    "The file unpacks to far more than a contract should; it was refused."
                )
            if "word/document.xml" not in archive.namelist():
                raise Invalid("This is not a Word document (.docx).")
    except zipfile.BadZipFile:
        raise Invalid(
            "This is not a Word document (.docx); save it as .docx and try again."
        ) from None


class _Chunks(HTMLParser):
    """Split mammoth's HTML into its top-level elements, keeping their inner markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[tuple[str, str, str]] = []  # (tag, inner html, text)
        self.depth = 0
        self.tag = ""
        self.inner: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.tag, self.inner, self.text = tag, [], []
        elif self.tag == "table":
            pass  # a table becomes one line per row; its markup is dropped
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.inner.append(f'<a href="{html.escape(href)}">')
        else:
            self.inner.append(f"<{tag}>")
        if tag not in ("br", "img"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img"):
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            self.chunks.append((self.tag, "".join(self.inner), "".join(self.text)))
        elif self.tag == "table":
            self.text.append({"td": "\t", "th": "\t", "tr": "\n"}.get(tag, ""))
        else:
            self.inner.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth:
            if self.tag != "table":
                self.inner.append(html.escape(data))
            self.text.append(data)


def html_to_blocks(markup: str) -> list[dict[str, Any]]:
    parser = _Chunks()
    parser.feed(markup)
    parser.close()
    blocks: list[dict[str, Any]] = []
    for tag, inner, text in parser.chunks[:MAX_BLOCKS]:
        words = " ".join(text.split())
        if tag in _HEADINGS:
            if words:
                blocks.append({"kind": "heading", "text": words[:500], "level": _HEADINGS[tag]})
        elif tag == "table":
            blocks += _table(text)
        elif tag in ("ul", "ol"):
            cleaned = clean_html(f"<{tag}>{inner}</{tag}>")
            if cleaned:
                blocks.append({"kind": "paragraph", "html": cleaned})
        elif words:
            cleaned = clean_html(f"<p>{inner}</p>")
            if cleaned:
                blocks.append({"kind": "paragraph", "html": cleaned})
    return blocks


def _table(text: str) -> list[dict[str, Any]]:
    """Each row as one clause, its cells separated by dashes."""
    rows = []
    for line in text.split("\n"):
        cells = [" ".join(c.split()) for c in line.split("\t") if c.strip()]
        if cells:
            rows.append({"kind": "paragraph", "html": f"<p>{html.escape(' — '.join(cells))}</p>"})
    return rows


def _convert(data: bytes) -> str:
    import mammoth

    def no_images(image: Any) -> dict[str, str]:
        return {}

    result = mammoth.convert_to_html(
        io.BytesIO(data),
        convert_image=mammoth.images.img_element(no_images),
        external_file_access=False,
    )
    return str(result.value)


async def docx_to_blocks(data: bytes) -> list[dict[str, Any]]:
    """The document blocks of a .docx; Invalid with a reason when it cannot be read."""
    _check_zip(data)
    try:
        markup = await asyncio.to_thread(_convert, data)
    except Exception:  # mammoth raises many kinds of errors for damaged files
        raise Invalid(
            "The Word document could not be read. Open it in Word, save it again as .docx and retry."
        ) from None
    blocks = html_to_blocks(markup)
    if not blocks:
        raise Invalid("The Word document has no text to import.")
    return blocks


def title_of(blocks: list[dict[str, Any]], filename: str) -> str:
    """The first level-1 heading, or the file name without .docx."""
    for block in blocks:
        if block.get("kind") == "heading":
            return str(block["text"])[:200]
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[:-5] if stem.lower().endswith(".docx") else stem
    return " ".join(stem.replace("_", " ").split())[:200] or "Imported contract"
