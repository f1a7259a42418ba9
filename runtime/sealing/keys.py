"""The instance's sealing key: a local CA and one sealing certificate, made on first use.

The CA's private key is thrown away once it has issued the sealing certificate, so a
copied keys folder cannot mint further certificates. Rotation = move ca.pem to
ca-<something>.pem (it stays a trust root) and delete seal.pem/seal.key.pem, or install an
operator's certificate with `formseal keys import` (install.py), which does the same safely.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ._signer import PreloadedKeySigner
from .inputs import SealingError

CA_FILE, SEAL_CERT_FILE, SEAL_KEY_FILE = "ca.pem", "seal.pem", "seal.key.pem"
CA_DAYS, SEAL_DAYS = 3653, 1096
LOCAL_CA_SUFFIX = "formseal local CA"
SEAL_ROLE = "formseal seal"
EXPIRY_WARNING = timedelta(days=30)


def _now() -> datetime:
    return datetime.now(UTC)  # a seam for tests that need a later clock


def is_local_ca(cert: asn1_x509.Certificate) -> bool:
    """True for the self-signed CA formseal generates on first start (see ``_generate``)."""
    name = cert.subject.native.get("common_name", "") or ""
    return cert.self_signed != "no" and name.endswith(LOCAL_CA_SUFFIX)


def sealer_name(cert: asn1_x509.Certificate | None) -> str | None:
    """Who sealed, as a person reads it ("Sealed by Acme Ltd"). A sealing certificate
    formseal made is named "<organisation> formseal seal" ("formseal seal" when no name was
    given, "formseal formseal seal" in older ones): it reads as its organisation, "Acme Ltd"
    or "formseal". Certificates already issued keep their names; any other certificate (an
    operator's, a timestamp authority's) reads as its common name."""
    if cert is None:
        return None
    subject = cert.subject.native
    common = str(subject.get("common_name") or "")
    if common != SEAL_ROLE and not common.endswith(f" {SEAL_ROLE}"):
        return common or cert.subject.human_friendly
    organisation = subject.get("organization_name")
    if isinstance(organisation, list):  # a name with several O attributes
        organisation = ", ".join(str(o) for o in organisation)
    return str(organisation or common.removesuffix(SEAL_ROLE).strip() or "formseal")


@dataclass
class SealingIdentity:
    """The loaded signer (built once per process), its certificate and the CA certificates."""

    signer: PreloadedKeySigner
    seal_cert: asn1_x509.Certificate
    ca_certs: list[asn1_x509.Certificate]  # every trust root, retired ones included
    organisation_name: str
    keys_dir: Path
    chain: list[asn1_x509.Certificate] = field(default_factory=list)  # ca.pem only

    @property
    def subject(self) -> str:
        return self.seal_cert.subject.native.get("common_name", "")

    @property
    def subject_dn(self) -> str:
        """RFC 4514, e.g. ``CN=Acme Ltd formseal seal,O=Acme Ltd``."""
        return x509.load_der_x509_certificate(self.seal_cert.dump()).subject.rfc4514_string()

    @property
    def issuer_dn(self) -> str:
        return x509.load_der_x509_certificate(self.seal_cert.dump()).issuer.rfc4514_string()

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the sealing certificate, hex."""
        return self.seal_cert.sha256.hex()

    @property
    def not_after(self) -> datetime:
        return self.seal_cert["tbs_certificate"]["validity"]["not_after"].native

    @property
    def not_before(self) -> datetime:
        return self.seal_cert["tbs_certificate"]["validity"]["not_before"].native

    @property
    def from_local_ca(self) -> bool:
        """Issued by this instance's self-signed CA (not an operator's certificate)."""
        return any(is_local_ca(ca) and ca.subject == self.seal_cert.issuer for ca in self.chain)

    @property
    def revocation_urls(self) -> list[str]:
        """CRL and OCSP addresses the certificate names; none for the local CA."""
        cert = self.seal_cert
        crls = [url for dp in cert.crl_distribution_points for url in _dp_urls(dp)]
        return [*crls, *cert.ocsp_urls]

    def expires_soon(self, now: datetime | None = None) -> bool:
        return self.not_after - (now or _now()) < EXPIRY_WARNING

    def check_usable(self, now: datetime | None = None) -> None:
        """Refuse to seal with a certificate that a verifier would reject (SECURITY.md 8)."""
        now = now or _now()
        validity = self.seal_cert["tbs_certificate"]["validity"]
        if now < validity["not_before"].native:
            raise SealingError("The sealing certificate is not valid yet; check the clock.")
        if now > self.not_after:
            raise SealingError(
                f"The sealing certificate expired on {self.not_after:%Y-%m-%d}; install a new "
                f"one with `formseal keys import` or rotate the keys in {self.keys_dir} "
                "(see docs/sealing.md, 'Rotation and expiry')."
            )


def _dp_urls(distribution_point: object) -> list[str]:
    name = distribution_point["distribution_point"]  # type: ignore[index]
    if name.name != "full_name":
        return []
    return [g.native for g in name.chosen if g.name == "uniform_resource_identifier"]


def _name(org: str, role: str) -> x509.Name:
    # "formseal formseal seal" reads badly when no organisation name was given.
    cn = role if org.strip().lower() == "formseal" else f"{_fit(org, 63 - len(role))} {role}"
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(org, 64) or "formseal"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _fit(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, between characters: a name attribute
    holds 64 bytes, and "Công ty TNHH Thương mại Dịch vụ …" has more bytes than letters."""
    return text.encode()[:limit].decode(errors="ignore").rstrip()


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _generate(org: str) -> tuple[bytes, bytes, bytes]:
    """A fresh CA and sealing certificate, both ECDSA P-256 (cheap to sign with)."""
    now = datetime.now(UTC) - timedelta(minutes=5)  # tolerate small clock skew
    ca_key = ec.generate_private_key(ec.SECP256R1())
    seal_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(org, "formseal local CA")
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder(subject_name=ca_name, issuer_name=ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(sign=False, ca=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    seal_cert = (
        x509.CertificateBuilder(subject_name=_name(org, SEAL_ROLE), issuer_name=ca_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=SEAL_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(sign=True, ca=False), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(seal_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = seal_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return ca_cert.public_bytes(pem), seal_cert.public_bytes(pem), key_pem


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_if_missing(keys_dir: Path, org: str) -> None:
    """Generate under an exclusive lock so two processes starting together agree on one key."""
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(keys_dir / ".keys.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        present = [n for n in (CA_FILE, SEAL_CERT_FILE, SEAL_KEY_FILE) if (keys_dir / n).exists()]
        if len(present) == 3:
            return
        if present:
            raise SealingError(
                f"{keys_dir} is incomplete: it has {', '.join(present)} but needs "
                f"{CA_FILE}, {SEAL_CERT_FILE} and {SEAL_KEY_FILE}."
            )
        ca_pem, seal_pem, key_pem = _generate(org)
        _write_atomic(keys_dir / SEAL_KEY_FILE, key_pem, 0o600)
        _write_atomic(keys_dir / CA_FILE, ca_pem, 0o644)
        _write_atomic(keys_dir / SEAL_CERT_FILE, seal_pem, 0o644)


def ensure_sealing_identity(keys_dir: Path, organisation_name: str = "formseal") -> SealingIdentity:
    """Load the sealing identity from ``keys_dir``, generating it on the very first call."""
    keys_dir = Path(keys_dir)
    if not (keys_dir / SEAL_CERT_FILE).exists():
        _create_if_missing(keys_dir, organisation_name)
    try:
        # A shared lock: `formseal keys import` swaps the files under the exclusive one.
        with open(keys_dir / ".keys.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            cert_data = (keys_dir / SEAL_CERT_FILE).read_bytes()
            key_data = (keys_dir / SEAL_KEY_FILE).read_bytes()
            cas = trust_roots(keys_dir)
            chain = _load_certs(keys_dir / CA_FILE)
        cert = next(iter(load_certs_from_pemder_data(cert_data)))
        key_info = load_private_key_from_pemder_data(key_data, passphrase=None)
    except (OSError, ValueError, StopIteration) as exc:
        raise SealingError(f"Could not load the sealing key from {keys_dir}: {exc}") from exc
    pyca_key = serialization.load_der_private_key(key_info.dump(), password=None)
    pyca_cert = x509.load_der_x509_certificate(cert.dump())
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if pyca_key.public_key().public_bytes(*spki) != pyca_cert.public_key().public_bytes(*spki):
        raise SealingError(f"{SEAL_KEY_FILE} does not belong to {SEAL_CERT_FILE} in {keys_dir}.")
    signer = PreloadedKeySigner(
        pyca_key=pyca_key,
        signing_cert=cert,
        signing_key=key_info,
        # Only the current chain rides along in each seal, not the retired roots.
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    return SealingIdentity(signer, cert, cas, organisation_name, keys_dir, chain)


def _load_certs(path: Path) -> list[asn1_x509.Certificate]:
    return load_ca_file(path.read_bytes()) if path.is_file() else []


def load_ca_file(data: bytes) -> list[asn1_x509.Certificate]:
    return list(load_certs_from_pemder_data(data))


def keys_signature(keys_dir: Path) -> tuple:
    """Names, sizes and change times of the key files: a cheap way to notice an import."""
    try:
        entries = sorted(os.scandir(keys_dir), key=lambda e: e.name)
    except OSError:
        return ()
    return tuple(
        (e.name, e.stat().st_mtime_ns, e.stat().st_size)
        for e in entries
        if e.name.endswith(".pem") and e.is_file()
    )


def trust_roots(keys_dir: Path) -> list[asn1_x509.Certificate]:
    """Every CA certificate in ``keys_dir``: ca.pem plus retired ca-*.pem kept for old seals."""
    keys_dir = Path(keys_dir)
    files = [keys_dir / CA_FILE, *sorted(keys_dir.glob("ca-*.pem"))]
    roots: list[asn1_x509.Certificate] = []
    for path in files:
        roots.extend(_load_certs(path))
    return roots
