"""Signer attachments in the sealed PDF: pages after the document, and embedded files.

The sealed PDF reads: document pages, then every attachment in form order, then the
certificate of completion, which lists them. Each attachment is shown as:

- a readable PDF: its own pages, unchanged, with the footer stamped at the bottom;
- a PNG or JPEG: a page of its own (``attachment.html``) with a caption, scaled to fit;
- anything else (another type, an encrypted or damaged PDF or image, a PDF too long to
  show): a note page that says why it is not shown and that the file is embedded.

Every attachment is also embedded as an associated file (``/AF`` on the catalog,
``/AFRelationship /Supplement``, its MIME type as ``/Subtype``, ``/Params`` with size, MD5
checksum and date), so the original bytes travel inside the seal.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from runtime.branding.fonts import PDF_SANS_SCRIPTS
from runtime.i18n import gettext, use_language

from .file_kinds import file_kind
from .inputs import SealAttachment, SealingError, SealInput

IMAGE_TYPES = ("image/png", "image/jpeg")
MM = 72 / 25.4
# The image box on an A4 attachment page: the text width, and what the caption leaves.
IMAGE_BOX_MM = (166.0, 180.0)
RELATIONSHIP = "/Supplement"


@dataclass
class ShownAttachment:
    """How one attachment appears in the sealed PDF."""

    number: int
    item: SealAttachment
    kind: str
    """"pdf" (its pages appended), "image" (a captioned page) or "note" (embedded only)."""
    pages: int = 1
    note: str = ""
    """Why the file is not shown as pages ("note" only), in words for the certificate."""
    kind_words: str = ""
    """What kind of file it is, in the document's language ("Word document (.docx)")."""
    embed_name: str = ""
    pdf: bytes | None = None
    image_uri: str = ""
    width_mm: float = 0.0
    height_mm: float = 0.0
    first_page: int = 0
    """Its first page number in the sealed PDF (1-based), once the layout is known."""

    @property
    def last_page(self) -> int:
        return self.first_page + self.pages - 1

    @property
    def size(self) -> int:
        return len(self.item.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.item.data).hexdigest()


def prepare_attachments(items: list[SealAttachment], page_budget: int) -> list[ShownAttachment]:
    """Decide how each attachment is shown; broken files fall back to a note, never fail."""
    shown: list[ShownAttachment] = []
    names: set[str] = set()
    for number, item in enumerate(items, start=1):
        digest = hashlib.sha256(item.data).hexdigest()
        if item.sha256 and item.sha256 != digest:
            raise SealingError(
                f"The stored attachment {item.name!r} no longer matches the SHA-256 recorded "
                "when it was uploaded; it was changed or damaged in storage. Nothing was sealed."
            )
        entry = _classify(number, item, page_budget)
        entry.kind_words = file_kind(item.content_type, item.name)
        page_budget -= entry.pages
        entry.embed_name = _unique(item.name or f"attachment-{number}", names)
        shown.append(entry)
    return shown


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    stem, dot, ext = name.rpartition(".")
    while candidate in taken:
        n += 1
        candidate = f"{stem} ({n}).{ext}" if dot and stem else f"{name} ({n})"
    taken.add(candidate)
    return candidate


def _classify(number: int, item: SealAttachment, page_budget: int) -> ShownAttachment:
    if item.content_type == "application/pdf" or item.data[:5] == b"%PDF-":
        pdf, pages, problem = _readable_pdf(item.data)
        if pdf is not None and pages > page_budget - 1:
            problem = gettext(
                "It is not shown because it has %(pages)s pages, more than a sealed document "
                "may hold.",
                pages=pages,
            )
        if pdf is None or problem:
            return ShownAttachment(number, item, "note", note=problem)
        return ShownAttachment(number, item, "pdf", pages=pages, pdf=pdf)
    if item.content_type in IMAGE_TYPES:
        return _image(number, item)
    return ShownAttachment(
        number,
        item,
        "note",
        note=gettext(
            "%(kind)s: files of this kind are not shown as pages.",
            kind=file_kind(item.content_type, item.name),
        ),
    )


def _readable_pdf(data: bytes) -> tuple[bytes | None, int, str]:
    """Rewrite the PDF with pypdf: what survives the round trip can be appended safely."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            return None, 0, gettext("It is not shown because it is encrypted (password-protected).")
        if not reader.pages:
            return None, 0, gettext("It is not shown because it has no pages.")
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        out = BytesIO()
        writer.write(out)
        again = PdfReader(BytesIO(out.getvalue()))
        for page in again.pages:
            page.get_contents()
            _ = page.cropbox.width, page.cropbox.height
        return out.getvalue(), len(again.pages), ""
    except Exception:  # any parser failure means "damaged", whatever its class
        return (
            None,
            0,
            gettext("It is not shown because it is damaged and cannot be read as a PDF."),
        )


def _image(number: int, item: SealAttachment) -> ShownAttachment:
    from PIL import Image, UnidentifiedImageError

    from runtime.images import MAX_IMAGE_PIXELS, too_many_pixels

    if too_many_pixels(item.data):  # decoding it could take gigabytes (a stored "bomb")
        note = gettext(
            "It is not shown because the picture has more than %(count)s million pixels.",
            count=MAX_IMAGE_PIXELS // 1_000_000,
        )
        return ShownAttachment(number, item, "note", note=note)
    try:
        with Image.open(BytesIO(item.data)) as image:
            image.verify()
        with Image.open(BytesIO(item.data)) as image:
            image.load()  # verify() does not decode the pixels
            width_px, height_px = image.size
            dpi = image.info.get("dpi") or (96, 96)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        note = gettext("It is not shown because the image is damaged and cannot be read.")
        return ShownAttachment(number, item, "note", note=note)
    # Natural size at the image's own resolution, never enlarged, shrunk to fit the box.
    x_dpi = float(dpi[0]) if float(dpi[0] or 0) >= 30 else 96.0
    y_dpi = float(dpi[1]) if float(dpi[1] or 0) >= 30 else 96.0
    width_mm, height_mm = width_px / x_dpi * 25.4, height_px / y_dpi * 25.4
    scale = min(1.0, IMAGE_BOX_MM[0] / width_mm, IMAGE_BOX_MM[1] / height_mm)
    uri = f"data:{item.content_type};base64,{base64.b64encode(item.data).decode()}"
    return ShownAttachment(
        number,
        item,
        "image",
        image_uri=uri,
        width_mm=round(width_mm * scale, 2),
        height_mm=round(height_mm * scale, 2),
    )


def place(shown: list[ShownAttachment], document_pages: int) -> int:
    """Number the attachments' pages after the document's; returns the pages they take."""
    page = document_pages + 1
    for entry in shown:
        entry.first_page = page
        page += entry.pages
    return page - document_pages - 1


def finish(pdf: bytes, shown: list[ShownAttachment], seal_input: SealInput) -> bytes:
    """Insert the PDF attachments' pages, stamp their footers, embed every file."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    footers: list[tuple[PageObject, list[str]]] = []
    for entry in shown:
        if entry.kind != "pdf" or entry.pdf is None:
            continue
        source = PdfReader(BytesIO(entry.pdf))
        for offset, page in enumerate(source.pages):
            index = entry.first_page - 1 + offset
            writer.insert_page(page, index)
            inserted = writer.pages[index]
            _drop_signature_widgets(inserted)
            inserted.transfer_rotation_to_content()
            footers.append((inserted, _footer(seal_input, entry, offset + 1)))
    if footers:
        _stamp_footers(footers, seal_input.language)
    _embed(writer, shown)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _drop_signature_widgets(page: PageObject) -> None:
    """An uploaded PDF's own signatures are not ours to show: keep its bytes (embedded),
    but drop signature widgets from its appended pages so no reader mistakes them for
    signatures of the sealed document. Other annotations (links, comments) stay."""
    annots = page.get("/Annots")
    if annots is None:
        return
    kept = ArrayObject()
    for ref in annots.get_object():
        annot = ref.get_object()
        field = annot
        while field is not None and "/FT" not in field and "/Parent" in field:
            field = field["/Parent"].get_object()
        if annot.get("/Subtype") == "/Widget" and field is not None and field.get("/FT") == "/Sig":
            continue
        kept.append(ref)
    page[NameObject("/Annots")] = kept


def _footer(seal_input: SealInput, entry: ShownAttachment, page: int) -> list[str]:
    """The footer of an appended page, in the document's language (like pdf.css's)."""
    with use_language(seal_input.language):
        return [
            f"{gettext('Envelope')} {seal_input.envelope_id} \u00b7 "
            f"{gettext('Attachment %(number)s', number=entry.number)} \u00b7 "
            f"{gettext('Page %(page)s of %(pages)s', page=page, pages=entry.pages)}",
            gettext("Verify at %(url)s", url=seal_input.verify_url)
            if seal_input.verify_url
            else "",
        ]


def _stamp_footers(footers: list[tuple[PageObject, list[str]]], language: str) -> None:
    """Draw each footer over its page's bottom-left corner. The lines are laid out by
    WeasyPrint, one page per appended page at that page's size, so Vietnamese and Chinese
    words get the same embedded fonts as the rest of the document (a standard PDF font
    has no glyphs for them); the pages are then merged onto the appended ones."""
    from .render import render_pdf

    styles, pages = [], []
    for number, (page, lines) in enumerate(footers):
        box = page.cropbox
        width, height = float(box.width), float(box.height)
        left = min(22 * MM, width * 0.08)
        bottom = min(12 * MM, height * 0.04) - 2.5  # the last baseline sat there
        styles.append(f"@page p{number} {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }}")
        text = "\n".join(html.escape(line) for line in lines if line)
        pages.append(
            f'<div class="page" style="page: p{number}; width: {width:.2f}pt; '
            f'height: {height:.2f}pt"><p style="left: {left:.2f}pt; bottom: {bottom:.2f}pt">'
            f"{text}</p></div>"
        )
    document = (
        f'<!doctype html><html lang="{html.escape(language)}"><head><style>'
        + "\n".join(styles)
        + FOOTER_CSS
        + "</style></head><body>"
        + "".join(pages)
        + "</body></html>"
    )
    overlay = PdfReader(BytesIO(render_pdf(document, assets_dir=Path(__file__).parent)))
    for (page, _), drawn in zip(footers, overlay.pages, strict=True):
        box = page.cropbox
        page.merge_transformed_page(
            drawn, Transformation().translate(float(box.left), float(box.bottom))
        )


FOOTER_CSS = f"""
body {{ margin: 0; }}
.page {{ position: relative; break-after: page; }}
.page:last-child {{ break-after: auto; }}
.page p {{
  position: absolute; margin: 0; white-space: pre; font-size: 7.5pt; line-height: 11.25pt;
  color: #4a4a4a; font-family: "DejaVu Sans", "Noto Sans CJK SC", {PDF_SANS_SCRIPTS}, sans-serif;
}}
"""


def _embed(writer: PdfWriter, shown: list[ShownAttachment]) -> None:
    """Each file as an embedded, associated file next to answers.json (name tree + /AF)."""
    catalog = writer.root_object
    names = catalog.setdefault(NameObject("/Names"), DictionaryObject()).get_object()
    tree = names.setdefault(NameObject("/EmbeddedFiles"), DictionaryObject()).get_object()
    pairs: list[tuple[str, object]] = []
    existing = tree.get("/Names", ArrayObject())
    for i in range(0, len(existing) - 1, 2):
        pairs.append((str(existing[i]), existing[i + 1]))
    associated = catalog.setdefault(NameObject("/AF"), ArrayObject()).get_object()
    stamp = TextStringObject(datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ"))
    for entry in shown:
        item = entry.item
        raw = DecodedStreamObject()
        raw.set_data(item.data)
        stream = raw.flate_encode()
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        stream[NameObject("/Subtype")] = NameObject(
            "/" + (item.content_type or "application/octet-stream")
        )
        stream[NameObject("/Params")] = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(entry.size),
                NameObject("/CheckSum"): ByteStringObject(hashlib.md5(item.data).digest()),  # noqa: S324 - the checksum PDF defines
                NameObject("/ModDate"): stamp,
            }
        )
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject(entry.embed_name),
                NameObject("/UF"): TextStringObject(entry.embed_name),
                NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
                NameObject("/Desc"): TextStringObject(describe(entry)),
                NameObject("/AFRelationship"): NameObject(RELATIONSHIP),
            }
        )
        reference = writer._add_object(spec)
        pairs.append((entry.embed_name, reference))
        associated.append(reference)
    pairs.sort(key=lambda pair: pair[0])
    flat = ArrayObject()
    for key, value in pairs:
        flat.extend([TextStringObject(key), value])
    tree[NameObject("/Names")] = flat


def describe(entry: ShownAttachment) -> str:
    """The embedded file's description: which question, and its SHA-256."""
    return (
        f"Attachment {entry.number}: {entry.item.field_label} ({entry.item.name}), "
        f"SHA-256 {entry.sha256}"
    )


def build_attachment_html(
    seal_input: SealInput, entry: ShownAttachment, *, themes_dir: Path, theme: str = "default"
) -> str:
    """The captioned page of an image, or the note page of a file shown only as embedded."""
    from .document import _render

    return _render(
        themes_dir,
        theme,
        "attachment.html",
        s=seal_input,
        a=entry,
        sha256=entry.sha256,
    )
