"""Sealing end to end: render, assemble, sign, verify, and refuse to fetch anything."""

from __future__ import annotations

import base64
import json
import math
import re
import struct
import subprocess
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from runtime.sealing import SealInput, seal_document, trust_roots, verify_pdf
from runtime.sealing.keys import ensure_sealing_identity

ROOT = Path(__file__).resolve().parents[2]
THEMES = ROOT / "themes"
ENVELOPE = "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f"


def signature_png(width: int = 240, height: int = 80) -> bytes:
    """A hand-drawn-looking squiggle as a real RGBA PNG, built with zlib and struct."""
    ink = set()
    for x in range(12, width - 12):
        y = int(height / 2 + 20 * math.sin(x / 13) * math.cos(x / 41))
        ink.update((x, y + d) for d in (-1, 0, 1))
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += b"\x10\x20\x4a\xff" if (x, y) in ink else b"\0\0\0\0"

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw)))
        + chunk(b"IEND", b"")
    )


def make_input(**overrides: object) -> SealInput:
    png = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
    fields = {
        "envelope_id": ENVELOPE,
        "template_name": "Service agreement <Acme & Co>",
        "template_version": 3,
        "version_sha256": "a" * 64,
        "language": "vi",
        "blocks": [
            {"kind": "heading", "text": "Hợp đồng dịch vụ — Service agreement", "level": 1},
            {
                "kind": "paragraph",
                "html": "<p>This agreement is made between <strong>Acme Ltd</strong> and "
                "the client named below.</p>",
            },
            {"kind": "heading", "text": "Services / 服务协议", "level": 2},
            {
                "kind": "paragraph",
                "html": "<p>Hợp đồng dịch vụ này được lập giữa hai bên, có hiệu lực kể từ "
                "ngày ký. Bên cung cấp dịch vụ cam kết thực hiện đúng các điều khoản.</p>",
            },
            {
                "kind": "paragraph",
                "html": "<p>本服务协议由双方签订，自签署之日起生效。服务提供方应按照本协议"
                "的条款提供服务。</p>",
            },
            {"kind": "heading", "text": "Client details", "level": 2},
            {
                "kind": "fields",
                "rows": [
                    {"label": "Full name", "value": "Nguyễn Thị Minh Khai"},
                    {"label": "Company", "value": "<script>alert(1)</script> & Sons"},
                    {"label": "Start date", "value": "2026-12-01"},
                    {"label": "Notes", "value": "Line one\nLine two — 备注"},
                ],
            },
            {
                "kind": "paragraph",
                "html": "<p>The client confirms the details above are correct.</p>",
            },
            {
                "kind": "signature",
                "role": "Client",
                "name": "Nguyễn Thị Minh Khai",
                "image": png,
                "typed": None,
                "signed_at": "2026-11-23T14:05:12Z",
            },
            {
                "kind": "signature",
                "role": "Provider",
                "name": "Jane O'Neil",
                "image": None,
                "typed": "Jane O'Neil",
                "signed_at": "2026-11-23T15:40:00+00:00",
            },
        ],
        "recipients": [
            {
                "name": "Nguyễn Thị Minh Khai",
                "email": "khai@example.vn",
                "role": "Client",
                "ip": "203.0.113.7",
                "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                "viewed_at": "2026-11-23T14:01:00Z",
                "signed_at": "2026-11-23T14:05:12Z",
            },
            {
                "name": "Jane O'Neil",
                "email": "jane@acme.example",
                "role": "Provider",
                "ip": "2001:db8::1",
                "user_agent": "Mozilla/5.0 (Macintosh) Safari/605.1.15",
                "viewed_at": "2026-11-23T15:38:00Z",
                "signed_at": "2026-11-23T15:40:00Z",
            },
        ],
        "answers": {"full_name": "Nguyễn Thị Minh Khai", "start": "2026-12-01", "n": 3},
        "verify_url": "http://127.0.0.1:8000/verify",
        "organisation_name": "Acme Ltd",
    }
    fields.update(overrides)
    return SealInput(**fields)


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
    assert report.signer == "Acme Ltd formseal seal"
    assert report.signed_at and report.signed_at.endswith("Z")
    assert len(result.sha256) == 64 and len(result.document_sha256) == 64


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
        "Audit certificate",
        ENVELOPE,
        "Verify at http://127.0.0.1:8000/verify",
        "<script>alert(1)</script> & Sons",
        "Page 1 of",
    ):
        assert expected in text, expected
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
    assert any("not made by this formseal instance" in r for r in report.reasons)


def test_keys_files_and_reload(keys_dir: Path) -> None:
    assert (keys_dir / "seal.key.pem").stat().st_mode & 0o777 == 0o600
    assert {p.name for p in keys_dir.glob("*.pem")} >= {"ca.pem", "seal.pem", "seal.key.pem"}
    first = ensure_sealing_identity(keys_dir, "Acme Ltd")
    again = ensure_sealing_identity(keys_dir, "Acme Ltd")
    assert first.seal_cert.dump() == again.seal_cert.dump()
    assert trust_roots(keys_dir)[0].subject.native["common_name"] == "Acme Ltd formseal local CA"
    usage = first.seal_cert.key_usage_value.native
    assert set(usage) == {"digital_signature", "non_repudiation"}
