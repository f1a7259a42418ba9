"""What a sealed PDF carries: XMP metadata, footers on every page, the audit trail head, and
Latin, Vietnamese and Chinese text drawn with real glyphs (checked on a rasterised page)."""

from __future__ import annotations

import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from runtime.sealing import seal_document
from runtime.sealing.sample import SAMPLE_ENVELOPE_ID, sample_seal_input
from runtime.sealing.xmp import FORMSEAL_NS

THEMES = Path(__file__).resolve().parents[2] / "themes"
HEAD = "9f" * 32
CJK_CLAUSE = "本服务协议由双方签订，自签署之日起生效。服务提供方应按照本协议的条款提供服务。"
VI_WORD = "Hợp"
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "fs": FORMSEAL_NS,
}


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    keys = tmp_path_factory.mktemp("content-keys")
    seal_input = sample_seal_input(audit_head=HEAD, audit_events=7)
    pdf = seal_document(seal_input, keys_dir=keys, themes_dir=THEMES).pdf
    path = tmp_path_factory.mktemp("content") / "sealed.pdf"
    path.write_bytes(pdf)
    return pdf, path


def _text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True
    )
    return done.stdout


def _xmp(pdf: bytes) -> dict[str, str]:
    """XMP properties by prefixed name; simple ones may be attributes or elements (pyHanko
    re-serialises the packet when it signs), titles and lists are read from rdf:li."""
    reader = PdfReader(BytesIO(pdf))
    root = ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    desc = root.find("rdf:RDF/rdf:Description", NS)
    assert desc is not None
    by_uri = {uri: prefix for prefix, uri in NS.items()}
    values: dict[str, str] = {}
    for key, value in desc.attrib.items():
        uri, _, local = key[1:].partition("}")
        if uri in by_uri:
            values[f"{by_uri[uri]}:{local}"] = value
    for child in desc:
        uri, _, local = child.tag[1:].partition("}")
        item = child.find(".//rdf:li", NS)
        values[f"{by_uri.get(uri, uri)}:{local}"] = (
            item.text if item is not None else child.text
        ) or ""
    return values


def test_xmp_metadata(sealed) -> None:
    pdf, _ = sealed
    xmp = _xmp(pdf)
    assert xmp["dc:title"] == "Service agreement <Acme & Co> (v3)"
    assert xmp["dc:identifier"] == f"urn:uuid:{SAMPLE_ENVELOPE_ID}"
    assert xmp["dc:creator"] == "Acme Ltd"
    assert xmp["dc:language"] == "vi"
    assert xmp["fs:EnvelopeId"] == SAMPLE_ENVELOPE_ID
    assert xmp["fs:AuditHead"] == HEAD and xmp["fs:AuditEvents"] == "7"
    assert xmp["xmp:CreatorTool"] == "formseal"
    # pyHanko names itself as the XMP producer when it signs; the Info dictionary keeps both
    assert "pyHanko" in xmp["pdf:Producer"]
    info = PdfReader(BytesIO(pdf)).metadata
    assert info["/Producer"].startswith("formseal (WeasyPrint, pypdf, pyHanko)")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", xmp["xmp:CreateDate"])


def test_audit_head_in_certificate_info_and_report(sealed) -> None:
    pdf, path = sealed
    text = _text(path)
    assert "SHA-256 đầu nhật ký" in text  # the sample is in Vietnamese
    assert HEAD in "".join(text.split())  # the hash may wrap in its cell
    assert "7 sự kiện được ghi lại trước khi niêm phong" in text
    info = PdfReader(BytesIO(pdf)).metadata
    assert info["/FormsealAuditHead"] == HEAD and info["/FormsealAuditEvents"] == "7"


def test_every_page_has_envelope_page_number_and_verify_url(sealed) -> None:
    pdf, path = sealed
    pages = len(PdfReader(BytesIO(pdf)).pages)
    assert pages >= 2
    texts = [_text(path, number) for number in range(1, pages + 1)]
    # the certificate's pages are numbered on their own ("Audit certificate · Page 1 of 2");
    # in Vietnamese its longer words take it onto a second page
    certificate = [t for t in texts if "Chứng nhận kiểm tra · Trang" in t]
    document_pages = pages - len(certificate)
    assert document_pages >= 1 and certificate
    for number, text in enumerate(texts, start=1):
        # the footer in the document's language (the sample is Vietnamese)
        assert f"Phong bì {SAMPLE_ENVELOPE_ID}" in text, number
        assert "Xác minh tại http://127.0.0.1:8000/verify" in text, number
        assert "Envelope" not in text and "Page" not in text and "Verify at" not in text
        if number <= document_pages:
            assert f"Trang {number} trên {document_pages}" in text
        else:
            n = number - document_pages
            assert f"Chứng nhận kiểm tra · Trang {n} trên {len(certificate)}" in text


def test_qr_code_with_the_verify_url_on_the_audit_page(sealed) -> None:
    from runtime.sealing.document import build_audit_html, qr_png_data_uri

    seal_input = sample_seal_input(audit_head=HEAD, audit_events=7)
    html = build_audit_html(seal_input, "d" * 64, themes_dir=THEMES, document_pages=1)
    assert qr_png_data_uri("http://127.0.0.1:8000/verify") in html
    # and it is drawn: a dark, dense 22 mm square in the right margin of that block
    pdf, path = sealed
    last = len(PdfReader(BytesIO(pdf)).pages)
    x0, y0, _, _ = _word_box(path, "Cách", page=last)  # "How to check this document"
    mm = 72 / 25.4
    right = 595.276 - 22 * mm
    box = (right - 22 * mm, y0 - 2, right, y0 + 22 * mm)
    pixels = _raster(path, box, page=last)
    dark = _ink(pixels) / (len(pixels) * len(pixels[0]))
    assert dark > 0.25, f"only {dark:.0%} of the QR area is dark"


def test_fonts_embedded(sealed) -> None:
    _, path = sealed
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    cjk = [r for r in rows if re.search(r"Noto-?S(erif|ans)-?CJK-?SC", r[0])]
    latin = [r for r in rows if "DejaVu" in r[0]]
    assert cjk and latin, fonts
    # columns: name type... encoding emb sub uni object ID; "emb" is the 5th from the end
    assert all(r[-5] == "yes" for r in cjk + latin), fonts


def _word_box(path: Path, word: str, page: int = 1) -> tuple[float, float, float, float]:
    done = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
    )
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        done.stdout,
    ):
        if match.group(5) == word:
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            return x0, y0, x1, y1
    raise AssertionError(f"{word!r} not found on page {page}")


def _raster(
    path: Path, box: tuple[float, float, float, float], dpi: int = 144, page: int = 1
) -> list[list[int]]:
    """Grey pixels of a region of a page (pdftoppm crops; PGM is trivial to read)."""
    scale = dpi / 72
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    out = path.parent / f"crop-{page}-{x0}-{y0}"
    subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-singlefile",
         "-x", str(x0), "-y", str(y0), "-W", str(x1 - x0), "-H", str(y1 - y0),
         str(path), str(out)],
        check=True, timeout=60,
    )  # fmt: skip
    data = (out.with_suffix(".pgm")).read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    w, h = int(width), int(height)
    return [list(pixels[row * w : (row + 1) * w]) for row in range(h)]


def _ink(pixels: list[list[int]]) -> int:
    """Pixels darker than mid-grey."""
    return sum(1 for row in pixels for value in row if value < 128)


def _darkness(pixels: list[list[int]]) -> int:
    """Summed darkness, which anti-aliasing does not blur the way a threshold does."""
    return sum(255 - value for row in pixels for value in row)


def test_chinese_clause_is_drawn_with_real_glyphs(sealed) -> None:
    """Missing CJK fonts give identical empty boxes (tofu) that pdftotext cannot tell apart
    from real text. Here each character cell of the CJK-only clause is rasterised: there
    must be ink, and the amount of ink must vary from glyph to glyph as real glyphs do."""
    _, path = sealed
    x0, y0, x1, y1 = _word_box(path, CJK_CLAUSE)
    pixels = _raster(path, (x0, y0, x1, y1))
    assert _ink(pixels) > 800
    width = len(pixels[0]) / len(CJK_CLAUSE)
    ink = {}
    for index, char in enumerate(CJK_CLAUSE):
        left, right = round(index * width), round((index + 1) * width)
        ink[index] = _darkness([row[left:right] for row in pixels])
    counts = [ink[i] for i, char in enumerate(CJK_CLAUSE) if char not in "，。"]
    assert min(counts) > 0, "a CJK character cell is empty"
    spread = statistics.pstdev(counts) / statistics.mean(counts)
    # real glyphs vary around 0.2 here; identical "tofu" boxes would be close to 0
    assert spread > 0.1, f"glyph ink barely varies ({spread:.2f}): boxes instead of characters?"
    # many-stroke characters carry more ink than few-stroke ones at the same size
    dense = statistics.mean(ink[CJK_CLAUSE.index(c)] for c in "署签照")
    sparse = statistics.mean(ink[CJK_CLAUSE.index(c)] for c in "之方日")
    assert dense > 1.3 * sparse, (dense, sparse)


def test_vietnamese_and_latin_are_drawn(sealed) -> None:
    _, path = sealed
    for word in (VI_WORD, "Acme"):
        box = _word_box(path, word)
        assert _ink(_raster(path, box)) > 40, word
    text = _text(path, 1)
    assert "Hợp đồng dịch vụ" in text and "本服务协议" in text


def test_certificate_of_completion_lists_every_recipient(sealed) -> None:
    pdf, path = sealed
    last = len(PdfReader(BytesIO(pdf)).pages)
    text = _text(path, last - 1) + _text(path, last)  # two pages in Vietnamese
    flat = " ".join(text.split())
    for expected in (
        # the certificate's words in the document's language (the sample is Vietnamese)
        "Service agreement <Acme & Co> · phiên bản 3",
        "SHA-256 của phiên bản mẫu " + "a" * 64,
        "Nguyễn Thị Minh Khai · Client · khai@example.vn",
        "203.0.113.7 · Mozilla/5.0 (X11; Linux x86_64)",
        "Đã đạt: mã dùng một lần gửi qua SMS",
        "2026-11-23 14:01:00 UTC · 2026-11-23 14:05:12 UTC",  # viewed · signed, in UTC
        "Sử dụng hồ sơ và chữ ký điện tử, 2026-11-23 14:01:30 UTC",
        "SHA-256 của nội dung đồng ý " + "c" * 64,
        "Jane O'Neil · Provider · jane@acme.example",
        "Không có, ngoài liên kết ký cá nhân đã gửi tới địa chỉ email này",
    ):
        assert expected in flat, expected


def test_identity_checks_come_from_the_audit_trail() -> None:
    from runtime.jobs.seal_input import identity_checks

    events = [
        {"action": "identity.verified", "data": {"recipient_id": "r1", "method": "sms_code"}},
        {"action": "recipient.verified", "data": {"recipient_id": "r1", "method": "sms_code"}},
        {"action": "identity.failed", "data": {"recipient_id": "r2", "method": "access_code"}},
        {"action": "identity.verified", "data": {"recipient_id": "r2", "method": "access_code"}},
        {
            "action": "recipient.verified",
            "data": {"recipient_id": "r3", "method": "sso", "issuer": "https://id.acme.example"},
        },
        {"action": "recipient.viewed", "data": {"recipient_id": "r4"}},
    ]
    assert identity_checks(events) == {
        "r1": ["one-time code sent by SMS"],
        "r2": ["access code given by the sender"],
        "r3": ["signed in through the organisation's single sign-on (https://id.acme.example)"],
    }
