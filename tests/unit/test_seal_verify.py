"""Verification against known PDF signature attacks, without noise or exceptions."""

from __future__ import annotations

import logging
import pickle
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfWriter

from runtime.sealing import seal_document, trust_roots, verify_pdf
from runtime.sealing.sample import sample_seal_input as make_input

THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.fixture(scope="module")
def sealed_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    keys = tmp_path_factory.mktemp("verify-keys")
    return seal_document(make_input(), keys_dir=keys, themes_dir=THEMES).pdf, keys


def _contents_span(pdf: bytes) -> tuple[int, int]:
    match = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", pdf)
    assert match
    return match.start(1), match.end(1)


def test_zeroed_contents_is_invalid(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    start, end = _contents_span(pdf)
    forged = pdf[:start] + b"0" * (end - start) + pdf[end:]
    report = verify_pdf(forged, trust_roots(keys))
    assert not report.ok and not report.sealed_by_this_instance
    assert "unreadable" in report.reasons[0]


def test_garbage_contents_is_invalid(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    start, end = _contents_span(pdf)
    forged = pdf[:start] + b"3082" + b"ab" * ((end - start - 4) // 2) + pdf[end:]
    report = verify_pdf(forged, trust_roots(keys))
    assert not report.ok and report.reasons


def test_byte_range_gap_is_invalid(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    match = re.search(rb"/ByteRange\s*\[\s*0 (\d+) (\d+) (\d+)\s*\]", pdf)
    assert match
    shorter = str(int(match.group(3)) - 100).encode().ljust(len(match.group(3)))
    forged = pdf[: match.start(3)] + shorter + pdf[match.end(3) :]
    report = verify_pdf(forged, trust_roots(keys))
    assert not report.ok and report.modified


def test_bytes_appended_after_eof_are_modification(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    report = verify_pdf(pdf + b"\n% trailing junk\n", trust_roots(keys))
    assert not report.ok and report.modified


def test_docmdp_violation_is_reported_quietly(sealed_pdf, caplog) -> None:
    pdf, keys = sealed_pdf
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(200, 200)
    out = BytesIO()
    writer.write(out)
    pyhanko_level = logging.getLogger("pyhanko").level
    with caplog.at_level(logging.DEBUG):
        report = verify_pdf(out.getvalue(), trust_roots(keys))
    assert report.intact and report.modified and not report.ok
    assert any("nothing may change" in r for r in report.reasons)
    noisy = [r for r in caplog.records if r.name.startswith("pyhanko") and r.levelno >= 40]
    assert noisy == []
    assert logging.getLogger("pyhanko").level == pyhanko_level


def test_no_trust_roots_means_not_ours(sealed_pdf) -> None:
    report = verify_pdf(sealed_pdf[0], [])
    assert report.intact and not report.sealed_by_this_instance and not report.ok


async def test_verify_works_inside_an_event_loop(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    report = verify_pdf(pdf, trust_roots(keys))  # pyHanko's asyncio.run cannot nest
    assert report.ok, report.reasons


def test_reports_pickle(sealed_pdf) -> None:
    pdf, keys = sealed_pdf
    report = verify_pdf(pdf, trust_roots(keys))
    assert pickle.loads(pickle.dumps(report)) == report
    assert pickle.loads(pickle.dumps(make_input())) == make_input()


def test_seal_outlives_its_certificate(sealed_pdf, monkeypatch) -> None:
    """Four years on, the 3-year sealing certificate has expired; the seal still verifies."""
    from datetime import UTC, datetime, timedelta

    from runtime.sealing import verify

    pdf, keys = sealed_pdf
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    monkeypatch.setattr(verify, "_now", lambda: later)
    report = verify_pdf(pdf, trust_roots(keys))
    assert report.ok and report.sealed_by_this_instance, report.reasons
    assert any("expired since" in r for r in report.reasons)
    # ...but a forged copy is still refused at that later date
    data = bytearray(pdf)
    data[data.index(b"stream", 2000) + 40] ^= 1
    assert not verify_pdf(bytes(data), trust_roots(keys)).ok
