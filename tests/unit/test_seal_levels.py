"""Seal levels: PAdES B-B by default, B-T with a TSA, B-LT with revocation data; refusals."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from runtime.sealing import (
    SealingError,
    SealOptions,
    seal_document,
    timestamp_roots,
    trust_roots,
    verify_pdf,
)
from runtime.sealing.sample import sample_seal_input
from runtime.sealing.timestamps import TSA_ROOTS_FILE
from tests.unit.pki_helpers import LocalServer, Tsa, _operator_keys, issue, start_tsa

THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="module")
def tsa(server: LocalServer) -> Tsa:
    return start_tsa(server)


def _seal(keys: Path, options: SealOptions | None = None) -> bytes:
    return seal_document(sample_seal_input(), keys_dir=keys, themes_dir=THEMES, options=options).pdf


def _verify(pdf: bytes, keys: Path, tsa_ca_file: str = ""):  # type: ignore[no-untyped-def]
    return verify_pdf(pdf, trust_roots(keys), timestamp_roots(keys, tsa_ca_file))


def _pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=30)
    return done.stdout + done.stderr


def test_default_is_b_b_without_timestamp(tmp_path: Path) -> None:
    report = _verify(_seal(tmp_path), tmp_path)
    assert report.ok, report.reasons
    assert report.level == "PAdES B-B"
    assert report.timestamp is None and not report.timestamp_trusted
    assert not report.validation_data


def test_tsa_gives_b_t_with_the_authority_time(tmp_path: Path, tsa: Tsa) -> None:
    before = len(tsa.requests)
    pdf = _seal(tmp_path, SealOptions(tsa_url=tsa.url))
    report = _verify(pdf, tmp_path)
    assert report.ok, report.reasons
    assert report.level == "PAdES B-T"
    assert report.timestamp and report.timestamp_trusted
    assert report.timestamp_authority == "Test TSA"
    stamped = datetime.fromisoformat(report.timestamp.replace("Z", "+00:00"))
    assert abs((stamped - datetime.now(UTC)).total_seconds()) < 120
    assert len(tsa.requests) > before
    # trust on first use: the TSA's certificates are kept next to the keys
    assert "Test TSA" in _subjects(tmp_path / TSA_ROOTS_FILE)
    assert "Signature is Valid" in _pdfsig(pdf, tmp_path)
    # a verifier that does not know the TSA still sees the time, but not as vouched for
    untrusted = verify_pdf(pdf, trust_roots(tmp_path), [])
    assert untrusted.ok and untrusted.timestamp and not untrusted.timestamp_trusted
    assert any("timestamp does not come from" in r for r in untrusted.reasons)


def _subjects(path: Path) -> str:
    from pyhanko.keys import load_certs_from_pemder_data

    return " ".join(
        c.subject.human_friendly for c in load_certs_from_pemder_data(path.read_bytes())
    )


def test_tsa_clock_far_off_refuses_to_seal(tmp_path: Path, server: LocalServer) -> None:
    slow = start_tsa(server, "/tsa-slow", fixed_dt=datetime.now(UTC) - timedelta(minutes=10))
    with pytest.raises(SealingError, match=r"10 minutes behind this server's clock"):
        _seal(tmp_path, SealOptions(tsa_url=slow.url))
    fast = start_tsa(server, "/tsa-fast", fixed_dt=datetime.now(UTC) + timedelta(minutes=6))
    with pytest.raises(SealingError, match=r"ahead of this server's clock"):
        _seal(tmp_path, SealOptions(tsa_url=fast.url))
    # within the 5 minutes allowed: sealed
    near = start_tsa(server, "/tsa-near", fixed_dt=datetime.now(UTC) - timedelta(minutes=3))
    assert _verify(_seal(tmp_path, SealOptions(tsa_url=near.url)), tmp_path).level == "PAdES B-T"


def test_unreachable_tsa_refuses_with_a_reason(tmp_path: Path, server: LocalServer) -> None:
    with pytest.raises(SealingError, match="did not give a timestamp") as refused:
        _seal(tmp_path, SealOptions(tsa_url=server.url("/no-such-tsa"), tsa_timeout_seconds=3))
    # the reason is also the failure mail's and the Problems page's, after the last
    # attempt: it says what went wrong, not that "the job will try again" (the queue decides)
    assert str(refused.value).endswith("Nothing was sealed.")


def test_configured_tsa_ca_must_match(tmp_path: Path, tsa: Tsa) -> None:
    good = tmp_path / "tsa-ca.pem"
    good.write_bytes(tsa.root.cert_pem())
    keys = tmp_path / "keys"
    pdf = _seal(keys, SealOptions(tsa_url=tsa.url, tsa_ca_file=str(good)))
    report = _verify(pdf, keys, str(good))
    assert report.ok and report.timestamp_trusted
    assert not (keys / TSA_ROOTS_FILE).exists()  # nothing learnt on first use
    other = tmp_path / "other-ca.pem"
    other.write_bytes(issue("Some other CA", kind="rsa", ca=True).cert_pem())
    with pytest.raises(SealingError, match="does not chain to FORMSEAL_TSA_CA_FILE"):
        _seal(keys, SealOptions(tsa_url=tsa.url, tsa_ca_file=str(other)))


def test_revocation_data_gives_b_lt(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-lt")
    # without the archive timestamp (B-LTA, tests/unit/test_seal_lta.py), B-LT on its own
    pdf = _seal(tmp_path, SealOptions(tsa_url=tsa.url, archive_timestamp=False))
    assert server.hits["/crl-lt"] >= 1
    report = _verify(pdf, tmp_path)
    assert report.ok, report.reasons
    assert report.level == "PAdES B-LT" and report.validation_data
    assert report.signer == "Operator Seal" and not report.self_signed_ca
    # the DSS is written with the signature, so the seal still covers the whole file
    out = _pdfsig(pdf, tmp_path)
    assert "Total document signed" in out and "Signature is Valid" in out


def test_revocation_data_without_timestamp_stays_b_b(tmp_path: Path, server: LocalServer) -> None:
    _operator_keys(tmp_path, server, "/crl-bb")
    report = _verify(_seal(tmp_path), tmp_path)
    assert report.ok and report.validation_data and report.level == "PAdES B-B"
    assert any("B-LT needs one" in r for r in report.reasons)


def test_ltv_can_be_switched_off(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-off")
    pdf = _seal(tmp_path, SealOptions(tsa_url=tsa.url, ltv=False))
    assert server.hits.get("/crl-off", 0) == 0
    assert _verify(pdf, tmp_path).level == "PAdES B-T"


def test_revoked_certificate_refuses_to_seal(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-revoked", revoke=True)
    with pytest.raises(SealingError, match="revoked"):
        _seal(tmp_path, SealOptions(tsa_url=tsa.url))


def test_unreachable_crl_refuses_to_seal(tmp_path: Path, server: LocalServer, tsa: Tsa) -> None:
    _operator_keys(tmp_path, server, "/crl-gone")
    del server.routes["/crl-gone"]
    with pytest.raises(SealingError, match="revocation|long-term"):
        _seal(tmp_path, SealOptions(tsa_url=tsa.url))


def test_expired_certificate_refuses_to_seal(tmp_path: Path, monkeypatch) -> None:
    from runtime.sealing import keys

    _seal(tmp_path)  # creates the keys
    monkeypatch.setattr(keys, "_now", lambda: datetime.now(UTC) + timedelta(days=4 * 365))
    with pytest.raises(SealingError, match=r"expired on \d{4}-\d\d-\d\d; install a new one"):
        _seal(tmp_path)


def test_signature_size_is_measured_once_and_recovers_when_too_small(tmp_path: Path) -> None:
    from runtime.sealing import sign

    sign._reserved.clear()
    first = _seal(tmp_path)
    assert len(sign._reserved) == 1
    (key,) = sign._reserved
    second = _seal(tmp_path)  # no throw-away signature this time
    assert _verify(first, tmp_path).ok and _verify(second, tmp_path).ok
    sign._reserved[key] = 64  # far too small: pyHanko refuses, we measure again
    third = _seal(tmp_path)
    assert _verify(third, tmp_path).ok and sign._reserved[key] > 64
