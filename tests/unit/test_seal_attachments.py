"""Signer attachments in the sealed PDF: pages after the document, embedded files, notes."""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from runtime.sealing import SealAttachment, SealingError, seal_document, trust_roots, verify_pdf
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"


def quote_pdf() -> bytes:
    """A real two-page PDF, as a signer would upload (made by WeasyPrint)."""
    from weasyprint import HTML

    html = (
        "<h1>Supplier quote 4711</h1><p>Page one of the quote.</p>"
        "<h1 style='page-break-before: always'>Terms</h1><p>Page two.</p>"
    )
    return HTML(string=html).write_pdf()


def receipt_png() -> bytes:
    image = Image.new("RGB", (1600, 1000), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1560, 960), outline=(0, 0, 255), width=30)
    draw.rectangle((300, 300, 1300, 700), fill=(255, 0, 0))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def small_jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (120, 80), (0, 160, 0)).save(out, "JPEG")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


CORRUPT = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage, no xref"


def attachment(label: str, name: str, media: str, data: bytes) -> SealAttachment:
    return SealAttachment(label, name, media, data, hashlib.sha256(data).hexdigest())


ATTACHMENTS = [
    attachment("Supplier quote", "quote.pdf", "application/pdf", quote_pdf()),
    attachment("Photo of the receipt", "receipt.png", "image/png", receipt_png()),
    attachment("Bank statement", "statement.pdf", "application/pdf", CORRUPT),
    attachment("Locked contract", "locked.pdf", "application/pdf", encrypted_pdf()),
    attachment("Small photo", "receipt.png", "image/jpeg", small_jpeg()),
]


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path, Path]:
    keys = tmp_path_factory.mktemp("attach-keys")
    seal_input = replace(sample_seal_input(), attachments=ATTACHMENTS)
    pdf = seal_document(seal_input, keys_dir=keys, themes_dir=THEMES).pdf
    folder = tmp_path_factory.mktemp("attach-out")
    (folder / "sealed.pdf").write_bytes(pdf)
    return pdf, keys, folder


def _text(path: Path, page: int) -> str:
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, timeout=30, check=True).stdout


def test_pages_follow_the_document_before_the_certificate(sealed) -> None:  # type: ignore[no-untyped-def]
    pdf, _, folder = sealed
    reader = PdfReader(BytesIO(pdf))
    path = folder / "sealed.pdf"
    # document (1) + quote (2) + receipt (1) + two note pages + small photo (1), then the
    # certificate, which now runs to two pages
    assert len(reader.pages) == 1 + 2 + 1 + 2 + 1 + 2
    # the sample is a Vietnamese document: its chrome reads Vietnamese too
    assert "Trang 1 trên 1" in _text(path, 1) and "Chứng nhận kiểm tra" not in _text(path, 7)
    assert "Supplier quote 4711" in _text(path, 2)
    # an appended PDF's own pages get the footer in the document's language too, drawn with
    # embedded fonts (a standard PDF font has no Vietnamese or Chinese glyphs)
    assert "Phong bì" in _text(path, 2) and "Tệp đính kèm 1 · Trang 1 trên 2" in _text(path, 2)
    assert "Tệp đính kèm 1 · Trang 2 trên 2" in _text(path, 3)
    assert "Xác minh tại http://127.0.0.1:8000/verify" in _text(path, 3)
    receipt = _text(path, 4)
    assert "Tệp đính kèm 2" in receipt and "Photo of the receipt" in receipt
    assert ATTACHMENTS[1].sha256 in receipt
    assert "Tệp đính kèm 2 · Trang 1 trên 1" in receipt
    damaged = _text(path, 5)
    assert "Tệp đính kèm 3" in damaged and "bị hỏng" in damaged and "statement.pdf" in damaged
    locked = _text(path, 6)
    assert "mã hóa" in locked and "locked.pdf" in locked
    certificate = _text(path, 8) + _text(path, 9)
    assert "Chứng nhận kiểm tra" in certificate
    assert "trang 2–7" in certificate  # where the attachments are
    assert "Trang 2–3" in certificate and "Trang 4 (hình ảnh)" in certificate
    assert (
        "Không hiển thị thành" in certificate
    )  # "… thành trang", wrapped in its cell and "mã hóa" in certificate


def test_every_attachment_is_an_associated_file(sealed) -> None:  # type: ignore[no-untyped-def]
    pdf, _, _ = sealed
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}
    # the same file name twice is kept apart
    expected = {"answers.json", "quote.pdf", "receipt.png", "statement.pdf", "locked.pdf"}
    assert set(specs) == expected | {"receipt (2).png"}
    associated = [ref.get_object() for ref in root["/AF"]]
    assert len(associated) == 6
    by_name = dict(zip(["quote.pdf", "receipt.png", "statement.pdf", "locked.pdf"], ATTACHMENTS))
    by_name["receipt (2).png"] = ATTACHMENTS[4]
    for name, item in by_name.items():
        spec = specs[name]
        assert spec in associated
        assert spec["/AFRelationship"] == "/Supplement"
        stream = spec["/EF"]["/F"].get_object()
        assert stream.get_data() == item.data  # byte for byte, the corrupt one too
        assert stream["/Subtype"] == "/" + item.content_type
        params = stream["/Params"]
        assert params["/Size"] == len(item.data)
        checksum = params["/CheckSum"]
        checksum = getattr(checksum, "original_bytes", checksum)
        assert bytes(checksum) == hashlib.md5(item.data).digest()  # noqa: S324
        assert item.sha256 in spec["/Desc"] and item.field_label in spec["/Desc"]
    assert specs["answers.json"]["/AFRelationship"] == "/Data"


def test_the_seal_covers_the_attachments(sealed) -> None:  # type: ignore[no-untyped-def]
    pdf, keys, folder = sealed
    report = verify_pdf(pdf, trust_roots(keys))
    assert report.ok, report.reasons
    assert [s.field for s in report.signatures] == ["Seal"]
    done = subprocess.run(
        ["pdfsig", str(folder / "sealed.pdf")], capture_output=True, text=True, timeout=30
    )
    assert "Total document signed" in done.stdout and "Signature is Valid" in done.stdout


def test_appended_pages_render(sealed) -> None:  # type: ignore[no-untyped-def]
    """Rasterise the attachment pages: the quote's text, the scaled receipt with its colours."""
    _, _, folder = sealed
    prefix = folder / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "2", "-l", "7", str(folder / "sealed.pdf"), prefix],
        check=True,
        timeout=60,
    )
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) == 6
    receipt = Image.open(pages[2]).convert("RGB")
    colours = receipt.getcolors(maxcolors=1 << 20) or []
    red = sum(n for n, (r, g, b) in colours if r > 200 and g < 60 and b < 60)
    blue = sum(n for n, (r, g, b) in colours if b > 200 and r < 60 and g < 60)
    assert red > 2000 and blue > 500  # the picture is drawn, large, in its colours
    # scaled to fit: the red block stays inside the page, left and right of it is paper
    width, height = receipt.size
    pixels = receipt.load()
    xs = [
        x
        for y in range(0, height, 2)
        for x in range(width)
        if pixels[x, y][0] > 200 and pixels[x, y][1] < 60 and pixels[x, y][2] < 60
    ]
    assert xs and min(xs) > width // 10 and max(xs) < width * 9 // 10
    small = Image.open(pages[5]).convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert sum(n for n, (r, g, b) in small if g > 120 and r < 60 and b < 60) > 20


def test_a_changed_stored_file_refuses_to_seal(tmp_path: Path) -> None:
    item = replace(ATTACHMENTS[1], sha256="0" * 64)
    with pytest.raises(SealingError, match="no longer matches the SHA-256"):
        seal_document(
            replace(sample_seal_input(), attachments=[item]), keys_dir=tmp_path, themes_dir=THEMES
        )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_other_types_are_embedded_with_a_note(tmp_path: Path) -> None:
    """The note says what kind of file it is in words, never its raw media type."""
    items = [
        attachment("Notes", "notes.txt", "text/plain", b"Thanks!\n"),
        attachment("Contract", "contract.docx", DOCX, b"PK\x03\x04 not really a docx"),
        attachment("Scans", "scans.zip", "application/zip", b"PK\x03\x04"),
    ]
    for language in ("vi", "en"):
        seal_input = replace(sample_seal_input(), attachments=items, language=language)
        pdf = seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEMES).pdf
        (tmp_path / "s.pdf").write_bytes(pdf)
        pages = [" ".join(_text(tmp_path / "s.pdf", n).split()) for n in (2, 3, 4)]
        assert not any("application/" in page or "text/plain" in page for page in pages)
        if language == "vi":  # in the document's language (the sample is Vietnamese)
            assert "Tệp văn bản (.txt): tệp loại này không được hiển thị thành trang" in pages[0]
            assert "Tài liệu Word (.docx): tệp loại này không được hiển thị" in pages[1]
            assert "contract.docx · Tài liệu Word (.docx) ·" in pages[1]
            assert "Tệp ZIP (.zip): tệp loại này" in pages[2]
        else:
            assert "Text file (.txt): files of this kind are not shown as pages." in pages[0]
            assert "Word document (.docx): files of this kind are not shown as pages." in pages[1]
            assert "ZIP file (.zip): files of this kind are not shown as pages." in pages[2]
        assert PdfReader(BytesIO(pdf)).attachments["notes.txt"] == [b"Thanks!\n"]


def test_a_signed_upload_keeps_its_signature_only_in_the_embedded_file(tmp_path: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from runtime.sealing.keys import ensure_sealing_identity

    other = ensure_sealing_identity(tmp_path / "someone", "Someone else")
    writer = IncrementalPdfFileWriter(BytesIO(quote_pdf()))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("TheirSignature", on_page=0, box=(50, 50, 250, 100))
    )
    meta = signers.PdfSignatureMetadata(field_name="TheirSignature", md_algorithm="sha256")
    signed = signers.PdfSigner(meta, signer=other.signer).sign_pdf(writer).getvalue()
    item = attachment("Signed quote", "signed.pdf", "application/pdf", signed)
    keys = tmp_path / "keys"
    pdf = seal_document(
        replace(sample_seal_input(), attachments=[item]), keys_dir=keys, themes_dir=THEMES
    ).pdf
    report = verify_pdf(pdf, trust_roots(keys))
    assert report.ok, report.reasons
    assert [s.field for s in report.signatures] == ["Seal"]
    (tmp_path / "s.pdf").write_bytes(pdf)
    assert "Supplier quote 4711" in _text(tmp_path / "s.pdf", 2)  # its pages are shown
    out = subprocess.run(["pdfsig", str(tmp_path / "s.pdf")], capture_output=True, text=True)
    assert out.stdout.count("Signature #") == 1
    assert PdfReader(BytesIO(pdf)).attachments["signed.pdf"] == [signed]


def test_a_one_page_attachment_is_on_page_n_not_pages_n_to_n(tmp_path: Path) -> None:
    """A one-page PDF upload read "Pages 2–2" in the certificate, and the document's page
    count "followed by the attachments (pages 2–2)"; a long file type ran past the edge."""
    from weasyprint import HTML

    receipt = attachment(
        "Receipt", "receipt.pdf", "application/pdf", HTML(string="<h1>R</h1>").write_pdf()
    )
    odd = attachment("Contract", "c.docx", "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document", b"PK\x03\x04")  # fmt: skip
    for uploads, words in (
        ([receipt], ("Page 2\n", "1 page, followed by the attachment (page 2) and this")),
        ([receipt, odd], ("Page 2\n", "(pages 2–3)", "Not shown as pages")),
    ):
        seal_input = replace(sample_seal_input(language="en"), attachments=uploads)
        path = tmp_path / "sealed.pdf"
        path.write_bytes(seal_document(seal_input, keys_dir=tmp_path, themes_dir=THEMES).pdf)
        certificate = subprocess.run(
            ["pdftotext", "-f", str(len(uploads) + 2), str(path), "-"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
        assert "–2" not in certificate and all(w in certificate for w in words), certificate
        words_past_the_edge = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(len(uploads) + 2), str(path), "-"],
            capture_output=True, text=True, timeout=30, check=True,
        ).stdout  # fmt: skip
        right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', words_past_the_edge)]
        assert max(right_edges) <= 595.28 - 22 * 72 / 25.4 + 1  # within the right margin
