"""Malformed PDFs at /verify, /api/v1/verify and `formseal verify` (SECURITY.md 4-6): random
byte changes of a real seal, truncations and garbage each get a clean "not valid" report
within a time limit; a changed byte is never reported as a valid seal. Targeted tampering
(appended pages, overlays, new fields) is in tests/unit/test_seal_tamper.py."""

import concurrent.futures
import re
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import AsyncTestClient

from runtime.sealing import VerificationReport, seal_document, trust_roots, verify_pdf
from runtime.sealing.sample import sample_seal_input
from runtime.settings import Settings
from tests.integration.conftest import Org, csrf_from
from tests.security.helpers import sqlite_only

THEMES = Path(__file__).resolve().parents[2] / "themes"
#: a verification slower than this counts as a hang
LIMIT_SECONDS = 10
POOL = concurrent.futures.ThreadPoolExecutor(max_workers=1)


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    keys = tmp_path_factory.mktemp("fuzz-keys")
    pdf = seal_document(sample_seal_input(), keys_dir=keys, themes_dir=THEMES).pdf
    return pdf, keys


def _verify_in_time(data: bytes, keys: Path) -> VerificationReport:
    """Run the verifier in a thread and fail the test (not hang it) past the limit."""
    future = POOL.submit(verify_pdf, data, trust_roots(keys))
    return future.result(timeout=LIMIT_SECONDS)


def _contents_range(pdf: bytes) -> range:
    """The /Contents hex string: its zero padding is not covered by the signature."""
    match = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", pdf)
    assert match
    return range(match.start(1), match.end(1))


FUZZ = settings(
    max_examples=25,
    deadline=None,  # the per-call limit above is the real bound
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=st.data())
def test_changed_bytes_are_never_a_valid_seal(sealed: tuple[bytes, Path], data) -> None:  # type: ignore[no-untyped-def]
    pdf, keys = sealed
    at = data.draw(st.integers(0, len(pdf) - 1))
    width = data.draw(st.integers(1, 8))
    new = data.draw(st.binary(min_size=width, max_size=width))
    mutated = pdf[:at] + new + pdf[at + width :]
    report = _verify_in_time(mutated, keys)
    assert report.reasons
    contents = _contents_range(pdf)
    if mutated != pdf and not all(i in contents for i in range(at, at + width)):
        assert not report.ok, (at, new)


@FUZZ
@given(cut=st.integers(0, 10**9), tail=st.binary(max_size=64))
def test_truncated_or_extended_seals(sealed: tuple[bytes, Path], cut: int, tail: bytes) -> None:
    pdf, keys = sealed
    cut %= len(pdf)
    report = _verify_in_time(pdf[:cut] + tail, keys)
    assert not report.ok and report.reasons


@FUZZ
@given(raw=st.binary(max_size=2000) | st.binary(max_size=500).map(lambda b: b"%PDF-1.7\n" + b))
def test_garbage(sealed: tuple[bytes, Path], raw: bytes) -> None:
    report = _verify_in_time(raw, sealed[1])
    assert not report.ok and report.reasons


def hostile_pdfs(pdf: bytes) -> dict[str, bytes]:
    """Hand-made files that loop, bloat or lie."""
    end = len(pdf)
    circular = pdf + (
        b"\nxref\n0 1\n0000000000 65535 f \ntrailer<</Size 1/Prev %d/Root 1 0 R>>\n"
        b"startxref\n%d\n%%%%EOF\n" % (end + 1, end + 1)
    )
    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)
    bloated = (
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/Contents 4 0 R/MediaBox[0 0 9 9]>>endobj\n"
        + b"4 0 obj<</Length "
        + str(len(bomb)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + bomb
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    nested = b"%PDF-1.7\n1 0 obj" + b"[" * 100_000 + b"]" * 100_000 + b"endobj\n%%EOF"
    outlines = (
        b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R/Outlines 3 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</First 4 0 R/Last 4 0 R>>endobj\n4 0 obj<</Next 4 0 R/Prev 4 0 R>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    gap = pdf.replace(b"/ByteRange [", b"/ByteRange [ 0 10 20 30 ] %", 1)
    empty_contents = re.sub(
        rb"/Contents\s*<[0-9a-fA-F]+>",
        lambda m: b"/Contents <" + b"0" * (len(m.group(0)) - 12) + b">",
        pdf,
        count=1,
    )  # noqa: E501
    return {
        "empty": b"",
        "html": b"<!doctype html><script>alert(1)</script>",
        "truncated": pdf[: len(pdf) // 3],
        "circular /Prev": circular,
        "flate bomb": bloated,
        "nested arrays": nested,
        "looping outlines": outlines,
        "ByteRange gap": gap,
        "empty /Contents": empty_contents,
    }


@sqlite_only
async def test_hostile_pdfs_over_http_get_a_clean_answer_in_time(
    client: AsyncTestClient, org: Org, settings: Settings, sealed: tuple[bytes, Path]
) -> None:
    pdf, _ = sealed  # sealed with another key: at best "not ours", never valid
    page = await client.get("/verify")
    token = csrf_from(page.text)
    for name, data in hostile_pdfs(pdf).items():
        started = time.monotonic()
        api = await client.post(
            "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=data
        )
        if name == "empty":
            assert api.status_code == 400, api.text  # the body cannot be read (docs/api.md)
        else:
            assert api.status_code == 200, (name, api.status_code, api.text[:300])
            assert api.json()["ok"] is False and api.json()["reasons"], name
        form = await client.post(
            "/verify",
            data={"_csrf_token": token},
            files={"file": (f"{name}.pdf", data, "application/pdf")},
        )
        assert form.status_code in (200, 422), (name, form.status_code)
        assert "text/html" in form.headers["content-type"]
        assert "<script>alert" not in form.text
        assert time.monotonic() - started < 2 * LIMIT_SECONDS, name


def test_cli_verify_answers_and_exits_non_zero(
    sealed: tuple[bytes, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`formseal verify` in-process (the same code path as the installed command)."""
    from click.testing import CliRunner

    from runtime.cli import main
    from runtime.settings import get_settings

    pdf, _ = sealed
    monkeypatch.setenv("FORMSEAL_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("FORMSEAL_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        for name, data in {
            "garbage": b"\x00\xff" * 100,
            "truncated": pdf[: len(pdf) // 2],
            "flipped": pdf[:1000] + bytes([pdf[1000] ^ 0xFF]) + pdf[1001:],
            **{
                k: v
                for k, v in hostile_pdfs(pdf).items()
                if k in ("circular /Prev", "nested arrays")
            },
        }.items():
            path = tmp_path / "in.pdf"
            path.write_bytes(data)
            started = time.monotonic()
            result = CliRunner().invoke(main, ["verify", str(path)])
            assert time.monotonic() - started < LIMIT_SECONDS, name
            assert result.exit_code == 1, (name, result.output, result.exception)
            assert result.output.startswith("NOT VALID: in.pdf"), (name, result.output)
            assert "Traceback" not in result.output
    finally:
        get_settings.cache_clear()
