"""Tampered seals are reported as modified, with the reason in words; pdfsig agrees."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from runtime.sealing import VerificationReport, seal_document, trust_roots, verify_pdf
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"
LINK = '<p>Read the <a href="https://acme.example/terms">full terms</a> online.</p>'


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """A seal whose first page carries a link annotation, so there is one to tamper with."""
    keys = tmp_path_factory.mktemp("tamper-keys")
    base = sample_seal_input()
    blocks = [base.blocks[0], {"kind": "paragraph", "html": LINK}, *base.blocks[1:]]
    pdf = seal_document(replace(base, blocks=blocks), keys_dir=keys, themes_dir=THEMES).pdf
    return pdf, keys


def _check(pdf: bytes, keys: Path) -> VerificationReport:
    return verify_pdf(pdf, trust_roots(keys))


def _pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "tampered.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    return done.stdout


def _incremental(pdf: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_untouched_seal_is_valid_and_pdfsig_agrees(sealed, tmp_path: Path) -> None:
    pdf, keys = sealed
    report = _check(pdf, keys)
    assert report.ok and not report.modified and report.changes == []
    out = _pdfsig(pdf, tmp_path)
    assert "Total document signed" in out and "Signature is Valid." in out


def test_changed_byte(sealed, tmp_path: Path) -> None:
    pdf, keys = sealed
    data = bytearray(pdf)
    data[data.index(b"stream", 2000) + 40] ^= 0x01
    report = _check(bytes(data), keys)
    assert not report.ok and not report.intact and report.modified
    assert "sealed bytes no longer match the signature" in report.reasons[0]
    out = _pdfsig(bytes(data), tmp_path)
    assert "Signature Validation: Digest Mismatch." in out
    assert "Signature is Valid" not in out


def test_page_added_in_an_incremental_update(sealed, tmp_path: Path) -> None:
    pdf, keys = sealed
    tampered = _incremental(pdf, lambda w: w.add_blank_page(200, 200))
    report = _check(tampered, keys)
    assert report.intact and report.modified and not report.ok
    assert "Content was appended after the seal" in report.reasons[0]
    assert "1 page was added after sealing (2 sealed, 3 now)." in report.changes
    assert any("nothing may change" in r for r in report.reasons)
    # pdfsig: the signature itself checks out, but it no longer covers the whole file
    out = _pdfsig(tampered, tmp_path)
    assert "Not total document signed" in out
    assert "Total document signed" not in out.replace("Not total document signed", "")


def test_new_signature_field(sealed, tmp_path: Path) -> None:
    pdf, keys = sealed
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("Approval", on_page=0, box=(20, 20, 200, 60))
    )
    out = BytesIO()
    writer.write(out)
    report = _check(out.getvalue(), keys)
    assert report.modified and not report.ok
    assert "A new signature field ('Approval') was added after sealing." in report.changes
    assert "Not total document signed" in _pdfsig(out.getvalue(), tmp_path)


def test_edited_annotation(sealed, tmp_path: Path) -> None:
    """A link's target swapped for a phishing address: the page text is unchanged."""
    pdf, keys = sealed

    def retarget(writer: PdfWriter) -> None:
        for ref in writer.pages[0]["/Annots"]:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                annot["/A"][NameObject("/URI")] = TextStringObject("https://evil.example/")

    tampered = _incremental(pdf, retarget)
    report = _check(tampered, keys)
    assert report.modified and not report.ok
    assert report.changes == [
        "An annotation on page 1 (a link, comment, form value or stamp) was added, removed or "
        "changed after sealing."
    ]
    assert "Not total document signed" in _pdfsig(tampered, tmp_path)


def test_overlay_on_page_content(sealed) -> None:
    pdf, keys = sealed

    def overlay(writer: PdfWriter) -> None:
        page = writer.pages[0]
        page.merge_page(_blank_with_text())

    report = _check(_incremental(pdf, overlay), keys)
    assert report.modified and not report.ok
    assert any("content of page 1 was changed" in c for c in report.changes)


def _blank_with_text():  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    return PdfReader(BytesIO(out.getvalue())).pages[0]


def test_changed_metadata(sealed) -> None:
    pdf, keys = sealed
    tampered = _incremental(pdf, lambda w: w.add_metadata({"/FormsealEnvelopeId": "forged"}))
    report = _check(tampered, keys)
    assert report.modified and not report.ok
    assert report.envelope_id != "forged"  # read from the signed revision
    assert any("document information" in c for c in report.changes)
