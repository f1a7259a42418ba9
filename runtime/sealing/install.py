"""Install an operator's sealing certificate and key (`formseal keys import`).

Accepts a PKCS#12 file (.p12/.pfx) or PEM with the certificate, its private key and the
issuing chain, in one file or several. Everything is checked before anything is written:
the key belongs to the certificate, the certificate is valid now, may sign documents, is not
a CA, and chains to the CA certificates given. The previous ca.pem stays as a retired trust
root (ca-<time>.pem) so documents sealed before still verify; the previous sealing
certificate and key move to retired/<time>/.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import fcntl
import os
import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from . import keys
from .inputs import SealingError

T = TypeVar("T")
PEM = serialization.Encoding.PEM
_KEY_BLOCK = re.compile(rb"-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----.+?-----END \1-----", re.DOTALL)
EC_CURVES = ("secp256r1", "secp384r1", "secp521r1")


@dataclass
class Bundle:
    """A certificate, its private key and the CA certificates above it."""

    cert: x509.Certificate
    key: Any
    chain: list[x509.Certificate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Installed:
    subject: str
    issuer: str
    not_after: datetime
    retired: list[str]
    warnings: list[str]


def load_bundle(
    data: bytes,
    *,
    password: bytes | None = None,
    key_data: bytes | None = None,
    chain_data: bytes | None = None,
) -> Bundle:
    """Parse PKCS#12 or PEM (certificate, key and chain in any order) into a Bundle."""
    if b"-----BEGIN" not in data and not data.startswith(b"\x30"):  # DER starts a SEQUENCE
        raise SealingError(
            "The file is neither PEM (text with -----BEGIN CERTIFICATE-----) nor PKCS#12 "
            "(.p12/.pfx): give the certificate and key your certificate authority issued."
        )
    if b"-----BEGIN" in data:
        certs, key = _from_pem(data, password)
    else:
        certs, key = _from_pkcs12(data, password)
    if key_data is not None:
        key = _pem_key(key_data, password)
    for extra in (chain_data,) if chain_data else ():
        certs += _pem_certs(extra, "the chain file")
    if key is None:
        raise SealingError("No private key found: give it in the same file or with --key.")
    if not certs:
        raise SealingError("No certificate found in the file.")
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    mine = key.public_key().public_bytes(*spki)
    leaves = [c for c in certs if c.public_key().public_bytes(*spki) == mine]
    if not leaves:
        raise SealingError(
            "The private key does not belong to any certificate given: check that the key "
            "and the certificate come from the same request."
        )
    leaf = leaves[0]
    seen = {leaf.fingerprint(_sha256())}
    chain = []
    for cert in certs:
        fp = cert.fingerprint(_sha256())
        if fp not in seen:
            seen.add(fp)
            chain.append(cert)
    return Bundle(leaf, key, chain)


def _sha256() -> Any:
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def _from_pkcs12(data: bytes, password: bytes | None) -> tuple[list[x509.Certificate], Any]:
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError as exc:
        hint = "give --password" if password is None else "is the password right?"
        raise SealingError(f"Could not open the file as PKCS#12 (.p12/.pfx): {hint}") from exc
    certs = ([cert] if cert else []) + list(extra or [])
    return certs, key


def _from_pem(data: bytes, password: bytes | None) -> tuple[list[x509.Certificate], Any]:
    certs = _pem_certs(data, "the file") if b"CERTIFICATE-----" in data else []
    key = _pem_key(data, password) if _KEY_BLOCK.search(data) else None
    return certs, key


def _pem_certs(data: bytes, what: str) -> list[x509.Certificate]:
    try:
        return list(x509.load_pem_x509_certificates(data))
    except ValueError as exc:
        raise SealingError(f"Could not read the certificates in {what}: {exc}") from exc


def _pem_key(data: bytes, password: bytes | None) -> Any:
    match = _KEY_BLOCK.search(data)
    if not match:
        raise SealingError("No PEM private key found in the key file.")
    try:
        return serialization.load_pem_private_key(match.group(0), password=password)
    except TypeError as exc:
        if password is None:
            raise SealingError("The private key is encrypted: give --password.") from exc
        # A password for a key that has none (it was for the PKCS#12 or a habit): ignore it.
        return serialization.load_pem_private_key(match.group(0), password=None)
    except ValueError as exc:
        raise SealingError(f"Could not read the private key (wrong password?): {exc}") from exc


def check_bundle(bundle: Bundle, now: datetime | None = None) -> None:
    """Raise SealingError naming the first problem; add warnings for what merely deserves care."""
    now = now or keys._now()
    cert, key = bundle.cert, bundle.key
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise SealingError(f"The RSA key has {key.key_size} bits; at least 2048 are needed.")
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        if key.curve.name not in EC_CURVES:
            raise SealingError(f"The ECDSA curve {key.curve.name} is not supported.")
    else:
        raise SealingError(
            "Only RSA (2048 bits or more) and ECDSA (P-256, P-384, P-521) keys can seal."
        )
    if now < cert.not_valid_before_utc:
        raise SealingError(f"The certificate is not valid before {cert.not_valid_before_utc}.")
    if now > cert.not_valid_after_utc:
        raise SealingError(f"The certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}.")
    if cert.not_valid_after_utc - now < keys.EXPIRY_WARNING:
        bundle.warnings.append(
            f"The certificate expires on {cert.not_valid_after_utc:%Y-%m-%d}, in less than "
            f"{keys.EXPIRY_WARNING.days} days."
        )
    _check_extensions(cert)
    _check_chain(bundle, now)


def _check_extensions(cert: x509.Certificate) -> None:
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        basic = None
    if basic is not None and basic.ca:
        raise SealingError("This is a CA certificate; install the document-signing certificate.")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise SealingError(
            "The certificate's key usage does not allow signing (it needs digitalSignature "
            "or nonRepudiation)."
        )


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _check_chain(bundle: Bundle, now: datetime) -> None:
    leaf = _asn1(bundle.cert)
    chain = [_asn1(c) for c in bundle.chain]
    if not chain:
        if leaf.self_signed == "no":
            raise SealingError(
                f"The certificate was issued by {leaf.issuer.human_friendly}, but no CA "
                "certificate was given: add the issuing chain (PEM) with --chain."
            )
        anchors = [leaf]
    else:
        subjects = {c.subject.dump() for c in chain}
        anchors = [c for c in chain if c.self_signed != "no" or c.issuer.dump() not in subjects]
    context = ValidationContext(
        trust_roots=anchors, other_certs=chain, allow_fetching=False, moment=now
    )
    validator = CertificateValidator(leaf, intermediate_certs=chain, validation_context=context)
    try:
        _run(lambda: validator.async_validate_path())
    except Exception as exc:
        raise SealingError(
            f"The certificate does not chain to the CA certificates given: {exc}"
        ) from exc


def _run(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion from sync code, even if a loop is running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def install_bundle(keys_dir: Path, bundle: Bundle, now: datetime | None = None) -> Installed:
    """Write the bundle into keys_dir, keeping what was there as retired (see module doc)."""
    now = now or datetime.now(UTC)
    keys_dir = Path(keys_dir)
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    retired: list[str] = []
    chain_pem = b"".join(c.public_bytes(PEM) for c in bundle.chain) or bundle.cert.public_bytes(PEM)
    key_pem = bundle.key.private_bytes(
        PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with open(keys_dir / ".keys.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ca_path = keys_dir / keys.CA_FILE
        if ca_path.is_file():
            new = {c.sha256 for c in keys.load_ca_file(chain_pem)}
            old = keys.load_ca_file(ca_path.read_bytes())
            if any(c.sha256 not in new for c in old):
                target = _free_name(keys_dir, f"ca-{stamp}", ".pem")
                keys._write_atomic(target, ca_path.read_bytes(), 0o644)
                retired.append(target.name)
        old_files = [keys_dir / n for n in (keys.SEAL_CERT_FILE, keys.SEAL_KEY_FILE)]
        if any(p.exists() for p in old_files):
            folder = _free_name(keys_dir / "retired", stamp, "")
            folder.mkdir(mode=0o700, parents=True)
            for path in old_files:
                if path.exists():
                    os.replace(path, folder / path.name)
            retired.append(f"retired/{folder.name}/")
        keys._write_atomic(keys_dir / keys.SEAL_KEY_FILE, key_pem, 0o600)
        keys._write_atomic(ca_path, chain_pem, 0o644)
        keys._write_atomic(keys_dir / keys.SEAL_CERT_FILE, bundle.cert.public_bytes(PEM), 0o644)
    return Installed(
        subject=bundle.cert.subject.rfc4514_string(),
        issuer=bundle.cert.issuer.rfc4514_string(),
        not_after=bundle.cert.not_valid_after_utc,
        retired=retired,
        warnings=list(bundle.warnings),
    )


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def import_identity(
    keys_dir: Path,
    data: bytes,
    *,
    password: bytes | None = None,
    key_data: bytes | None = None,
    chain_data: bytes | None = None,
) -> Installed:
    """Load, check and install; nothing is written unless every check passes."""
    bundle = load_bundle(data, password=password, key_data=key_data, chain_data=chain_data)
    check_bundle(bundle)
    return install_bundle(keys_dir, bundle)
