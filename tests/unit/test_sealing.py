"""Sealing end to end: render, assemble, sign, verify, and refuse to fetch anything."""

from __future__ import annotations

import json
import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from runtime.sealing import seal_document, trust_roots, verify_pdf
from runtime.sealing.keys import ensure_sealing_identity
from runtime.sealing.sample import SAMPLE_ENVELOPE_ID, sample_seal_input

ROOT = Path(__file__).resolve().parents[2]
THEMES = ROOT / "themes"
ENVELOPE = SAMPLE_ENVELOPE_ID
make_input = sample_seal_input


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="module")
def sealed(keys_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    result = seal_document(make_input(), keys_dir=keys_dir, themes_dir=THEMES)
    path = tmp_path_factory.mktemp("out") / "sealed.pdf"
    path.write_bytes(result.pdf)
    return result, path


def test_seal_verifies(sealed, keys_dir: Path) -> None:
    result, _ = sealed
    report = verify_pdf(result.pdf, trust_roots(keys_dir))
    assert report.ok, report.reasons
    assert report.intact and report.sealed_by_this_instance and not report.modified
    assert report.envelope_id == ENVELOPE
    assert report.signer == "formseal seal"  # the installation's keys, not Acme's (test_seal_keys)
    assert report.signed_at and report.signed_at.endswith("Z")
    assert len(result.sha256) == 64 and len(result.document_sha256) == 64


def test_seal_names_its_certificate_by_hash_and_issuer(sealed, keys_dir: Path) -> None:
    """PAdES signing-certificate-v2 (built once per certificate, runtime/sealing/_signer.py):
    the SHA-256 of the seal certificate, and its issuer and serial number."""
    import hashlib

    from pyhanko.pdf_utils.reader import PdfFileReader

    result, _ = sealed
    cert = ensure_sealing_identity(keys_dir).seal_cert
    signature = PdfFileReader(BytesIO(result.pdf)).embedded_signatures[0]
    attrs = {a["type"].native: a["values"] for a in signature.signer_info["signed_attrs"]}
    (ess,) = attrs["signing_certificate_v2"][0]["certs"]
    assert ess["cert_hash"].native == hashlib.sha256(cert.dump()).digest()
    assert ess["issuer_serial"]["serial_number"].native == cert.serial_number
    assert ess["issuer_serial"]["issuer"][0].chosen.native == cert.issuer.native


def test_pdfsig_agrees(sealed) -> None:
    _, path = sealed
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    assert "Signature Validation: Signature is Valid." in out.stdout, out.stdout + out.stderr


def test_text_metadata_and_escaping(sealed) -> None:
    result, path = sealed
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert result.document_sha256 in "".join(text.split())  # the hash may wrap in its cell
    for expected in (
        "Hợp đồng dịch vụ",
        "服务协议",
        "Chứng nhận kiểm tra",  # the sample is Vietnamese, and so are the PDF's own words
        ENVELOPE,
        "Xác minh tại http://127.0.0.1:8000/verify",
        "<script>alert(1)</script> & Sons",
        "Trang 1 trên",
    ):
        assert expected in text, expected
    for english in ("Audit certificate", "Verify at", "Page 1 of", "version 3"):
        assert english not in text, english
    reader = PdfReader(BytesIO(result.pdf))
    assert reader.metadata["/FormsealEnvelopeId"] == ENVELOPE
    assert reader.metadata["/Title"] == "Service agreement <Acme & Co> (v3)"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Noto-?S(erif|ans)-?CJK-?SC", fonts), fonts


def test_answers_json_round_trips(sealed) -> None:
    result, _ = sealed
    attachments = PdfReader(BytesIO(result.pdf)).attachments
    assert json.loads(attachments["answers.json"][0]) == make_input().answers


def test_flipped_byte_is_detected(sealed, keys_dir: Path) -> None:
    data = bytearray(sealed[0].pdf)
    at = data.index(b"stream", 2000) + 40  # inside page content, inside the signed range
    data[at] ^= 0x01
    report = verify_pdf(bytes(data), trust_roots(keys_dir))
    assert not report.ok and not report.intact and report.modified
    assert any("changed after it was sealed" in r for r in report.reasons)


def test_pypdf_incremental_metadata_change_is_detected(sealed, keys_dir: Path) -> None:
    writer = PdfWriter(BytesIO(sealed[0].pdf), incremental=True)
    writer.add_metadata({"/Title": "Forged"})
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots(keys_dir))
    assert report.intact and report.modified and not report.ok
    assert report.envelope_id == ENVELOPE
    assert any("changed after it was sealed" in r for r in report.reasons)


def test_pyhanko_overlay_and_new_field_are_detected(sealed, keys_dir: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    from pyhanko.stamp import TextStamp, TextStampStyle

    writer = IncrementalPdfFileWriter(BytesIO(sealed[0].pdf))
    TextStamp(writer, TextStampStyle(stamp_text="PAID IN FULL")).apply(0, 100, 400)
    append_signature_field(writer, SigFieldSpec("Sneaky", box=(10, 10, 100, 40)))
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots(keys_dir))
    assert report.modified and not report.ok
    assert any("changed after it was sealed" in r for r in report.reasons)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a PDF"),
        (b"\x00garbage" * 100, "not a PDF"),
        (b"%PDF-1.7\n1 0 obj <<", "damaged"),
    ],
)
def test_garbage_is_rejected_without_raising(data: bytes, reason: str, keys_dir: Path) -> None:
    report = verify_pdf(data, trust_roots(keys_dir))
    assert not report.ok and reason in " ".join(report.reasons)


def test_truncated_and_unsigned_pdfs(sealed, keys_dir: Path) -> None:
    pdf = sealed[0].pdf
    truncated = verify_pdf(pdf[: len(pdf) // 2], trust_roots(keys_dir))
    assert not truncated.ok and truncated.reasons
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    plain = BytesIO()
    writer.write(plain)
    report = verify_pdf(plain.getvalue(), trust_roots(keys_dir))
    assert not report.ok and "no digital signature" in report.reasons[0]


def test_other_instance_is_intact_but_not_ours(sealed, tmp_path: Path) -> None:
    other = tmp_path / "other-keys"
    ensure_sealing_identity(other, "Someone Else")
    report = verify_pdf(sealed[0].pdf, trust_roots(other))
    assert report.intact and not report.modified
    assert not report.sealed_by_this_instance and not report.ok
    assert (
        "The seal was not made by this service: its certificate does not chain to this "
        "service's certificate authority." in report.reasons
    )
    assert not any("instance" in r for r in report.reasons), report.reasons


def test_other_instance_with_a_ca_of_the_same_name_is_not_ours(
    sealed, keys_dir: Path, tmp_path: Path
) -> None:
    """Every instance names its CA alike ("formseal local CA"): a seal from another instance
    (staging, a copy given new keys) was reported as "not trusted
    (CERTIFICATE_CHAIN_GENERAL_FAILURE)"."""
    other = tmp_path / "same-name-keys"
    ensure_sealing_identity(other)
    roots = trust_roots(other)
    assert roots[0].subject == trust_roots(keys_dir)[0].subject  # the same name, another key
    report = verify_pdf(sealed[0].pdf, roots)
    assert report.intact and not report.modified
    assert not report.sealed_by_this_instance and not report.ok
    assert (
        "The seal was not made by this service: its certificate does not chain to this "
        "service's certificate authority. Its authority has the name of this service's, "
        "but another key." in report.reasons
    )
    assert not any("GENERAL_FAILURE" in r for r in report.reasons), report.reasons


def test_keys_files_and_reload(keys_dir: Path) -> None:
    assert (keys_dir / "seal.key.pem").stat().st_mode & 0o777 == 0o600
    assert {p.name for p in keys_dir.glob("*.pem")} >= {"ca.pem", "seal.pem", "seal.key.pem"}
    first = ensure_sealing_identity(keys_dir, "Acme Ltd")
    again = ensure_sealing_identity(keys_dir, "Acme Ltd")
    assert first.seal_cert.dump() == again.seal_cert.dump()
    assert trust_roots(keys_dir)[0].subject.native["common_name"] == "formseal local CA"
    usage = first.seal_cert.key_usage_value.native
    assert set(usage) == {"digital_signature", "non_repudiation"}
