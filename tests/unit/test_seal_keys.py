"""Sealing keys: made once even under concurrency, rotated without breaking old seals."""

from __future__ import annotations

import io
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from runtime.sealing import (
    SealingError,
    SealResult,
    ensure_sealing_identity,
    seal_document,
    sign_pdf,
    trust_roots,
    verify_pdf,
)
from runtime.sealing.sample import sample_seal_input as make_input

THEMES = Path(__file__).resolve().parents[2] / "themes"


def _identity_fingerprint(keys_dir: str) -> bytes:
    return ensure_sealing_identity(Path(keys_dir)).seal_cert.dump()


def _seal_in_worker(keys_dir: str) -> SealResult:
    return seal_document(make_input(), keys_dir=Path(keys_dir), themes_dir=THEMES)


def _fork_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def test_concurrent_first_use_makes_one_identity(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    with _fork_pool(4) as pool:
        certs = set(pool.map(_identity_fingerprint, [str(keys)] * 8))
    assert len(certs) == 1
    assert sorted(p.name for p in keys.glob("*.pem")) == ["ca.pem", "seal.key.pem", "seal.pem"]
    assert not list(keys.glob(".*.pem.*"))  # no temp files left behind


def test_seal_runs_in_a_process_pool(tmp_path: Path) -> None:
    with _fork_pool(1) as pool:
        result = pool.submit(_seal_in_worker, str(tmp_path)).result(timeout=60)
    assert verify_pdf(result.pdf, trust_roots(tmp_path)).ok


def test_rotation_keeps_old_seals_valid(tmp_path: Path) -> None:
    old = seal_document(make_input(), keys_dir=tmp_path, themes_dir=THEMES).pdf
    (tmp_path / "ca.pem").rename(tmp_path / "ca-2026.pem")
    (tmp_path / "seal.pem").unlink()
    (tmp_path / "seal.key.pem").unlink()
    new_identity = ensure_sealing_identity(tmp_path, "Acme Ltd")
    new = sign_pdf(_unsigned_pdf(), new_identity)
    roots = trust_roots(tmp_path)
    assert len(roots) == 2
    assert verify_pdf(old, roots).ok and verify_pdf(new, roots).ok


def test_incomplete_or_mismatched_keys_are_refused(tmp_path: Path) -> None:
    ensure_sealing_identity(tmp_path / "a")
    ensure_sealing_identity(tmp_path / "b")
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copy(tmp_path / "a" / "ca.pem", partial / "ca.pem")
    with pytest.raises(SealingError, match="incomplete"):
        ensure_sealing_identity(partial)
    shutil.copy(tmp_path / "a" / "seal.pem", partial / "seal.pem")
    shutil.copy(tmp_path / "b" / "seal.key.pem", partial / "seal.key.pem")
    with pytest.raises(SealingError, match="does not belong"):
        ensure_sealing_identity(partial)


def test_expired_certificate_refuses_to_seal(tmp_path: Path) -> None:
    identity = ensure_sealing_identity(tmp_path)
    assert identity.not_after - datetime.now(UTC) > timedelta(days=3 * 365 - 2)
    with pytest.raises(SealingError, match="expired"):
        identity.check_usable(datetime.now(UTC) + timedelta(days=4 * 365))


def test_operator_rsa_key_signs_and_verifies(tmp_path: Path) -> None:
    """An operator-installed RSA key and CA work, and the key is parsed once, not per seal."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC) - timedelta(minutes=1)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Operator Root")])
    ca = (
        x509.CertificateBuilder(subject_name=ca_name, issuer_name=ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    seal = (
        x509.CertificateBuilder(
            subject_name=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Operator Seal")]),
            issuer_name=ca_name,
        )
        .public_key(seal_key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "seal.pem").write_bytes(seal.public_bytes(pem))
    (tmp_path / "seal.key.pem").write_bytes(
        seal_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    identity = ensure_sealing_identity(tmp_path, "Operator")
    sealed = sign_pdf(_unsigned_pdf(), identity)
    report = verify_pdf(sealed, trust_roots(tmp_path))
    assert report.ok and report.signer == "Operator Seal"


def _unsigned_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_long_organisation_name_with_accents_gets_keys(tmp_path: Path) -> None:
    """A certificate name holds 64 bytes: a Vietnamese company name of 46 letters is more
    bytes than that, and making the keys on first use failed with a ValueError from
    cryptography ("Attribute's length must be >= 1 and <= 64"), so nothing sealed."""
    org = "Công ty TNHH Một thành viên Thương mại Dịch vụ Xuất nhập khẩu Sài Gòn"
    identity = ensure_sealing_identity(tmp_path, org)
    names = {"ca": identity.ca_certs[0].subject.native["common_name"], "seal": identity.subject}
    assert names["ca"].startswith("Công ty TNHH") and names["ca"].endswith(" formseal local CA")
    assert names["seal"].endswith(" formseal seal")
    assert all(len(str(n).encode()) <= 64 for n in names.values())


def _certificate(common_name: str, organisation: str | None) -> object:
    """A certificate named as a sealing certificate of an earlier formseal was, or as an
    operator's: only its name matters here."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import ec

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.insert(0, x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder(subject_name=name, issuer_name=name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def test_a_seal_reads_as_sealed_by_its_organisation(tmp_path: Path) -> None:
    """A seal read "Sealed by formseal seal": the seal certificate formseal makes is named
    "<organisation> formseal seal" (plain "formseal seal" when no name was given), and the
    report says who sealed as a person reads it, from certificates already issued too."""
    from runtime.sealing.keys import sealer_name

    assert ensure_sealing_identity(tmp_path / "default").subject == "formseal seal"
    default = ensure_sealing_identity(tmp_path / "default").seal_cert
    acme = ensure_sealing_identity(tmp_path / "acme", "Acme Ltd").seal_cert
    assert (sealer_name(default), sealer_name(acme)) == ("formseal", "Acme Ltd")
    named = [
        ("formseal formseal seal", "formseal", "formseal"),  # an older formseal's default
        ("Acme Ltd formseal seal", None, "Acme Ltd"),
        ("Acme Ltd Document Sealing", "Acme Ltd", "Acme Ltd Document Sealing"),  # an operator's
        ("Example TSA", None, "Example TSA"),
    ]
    for common_name, organisation, read in named:
        assert sealer_name(_certificate(common_name, organisation)) == read, common_name
    assert sealer_name(None) is None
    # and what verification reports, the certificate's own name kept beside it
    pdf = seal_document(make_input(), keys_dir=tmp_path / "acme", themes_dir=THEMES).pdf
    report = verify_pdf(pdf, trust_roots(tmp_path / "acme"))
    assert (report.signer, report.signer_name) == ("Acme Ltd formseal seal", "Acme Ltd")
    assert report.signatures[0].signer_name == "Acme Ltd"


def test_keys_a_seal_makes_are_not_named_after_its_organisation(tmp_path: Path) -> None:
    """One installation, several organisations, one sealing key: after a rotation by hand
    (docs/sealing.md) the next seal makes the keys. They were named after that envelope's
    organisation, so every other organisation's PDFs read "Sealed by" it. They are named
    as `formseal serve` names them; the organisation goes into its own seal only."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    beta = replace(make_input(), organisation_name="Beta Ltd")
    pdf = seal_document(beta, keys_dir=tmp_path, themes_dir=THEMES).pdf
    assert ensure_sealing_identity(tmp_path).subject == "formseal seal"
    report = verify_pdf(pdf, trust_roots(tmp_path))
    assert report.ok and report.signer_name == "formseal"
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object
    assert signature["/Name"] == "Beta Ltd"
