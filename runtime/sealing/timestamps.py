"""RFC 3161 timestamps for seals (PAdES B-T), refused when the authority's clock is off.

The timestamp authority (TSA) is trusted in one of two ways:

- ``tsa_ca_file`` names its CA certificates: a token that does not chain to them is refused;
- otherwise the certificates the configured TSA sends are trusted on first use and kept in
  ``keys_dir/tsa-roots.pem``, so verification can tell our timestamps from anyone else's.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.keys import load_certs_from_pemder, load_certs_from_pemder_data
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator import CertificateValidator, ValidationContext

from .inputs import SealingError, SealOptions

TSA_ROOTS_FILE = "tsa-roots.pem"


def _now() -> datetime:
    return datetime.now(UTC)  # a seam for tests


def token_time(token: cms.ContentInfo) -> datetime:
    """The TSA's genTime: when the authority says it saw the signature."""
    tst_info = token["content"]["encap_content_info"]["content"].parsed
    return tst_info["gen_time"].native


def token_certs(token: cms.ContentInfo) -> list[asn1_x509.Certificate]:
    certs = token["content"]["certificates"] or []
    return [c.chosen for c in certs if c.name == "certificate"]


def token_signer(token: cms.ContentInfo) -> asn1_x509.Certificate | None:
    sids = {
        (si["sid"].chosen["issuer"].dump(), si["sid"].chosen["serial_number"].native)
        for si in token["content"]["signer_infos"]
        if si["sid"].name == "issuer_and_serial_number"
    }
    for cert in token_certs(token):
        if (cert.issuer.dump(), cert.serial_number) in sids:
            return cert
    return None


def check_skew(gen_time: datetime, now: datetime, max_skew_seconds: int) -> None:
    """SECURITY.md item 8: a timestamp far from our own clock means one of the two is wrong."""
    skew = (gen_time - now).total_seconds()
    if abs(skew) > max_skew_seconds:
        direction = "ahead of" if skew > 0 else "behind"
        raise SealingError(
            f"The timestamp authority's time ({gen_time.astimezone(UTC):%Y-%m-%d %H:%M:%S} "
            f"UTC) is {abs(skew) / 60:.0f} minutes {direction} this server's clock "
            f"({now:%Y-%m-%d %H:%M:%S} UTC); the limit is {max_skew_seconds // 60} minutes. "
            "Check the server's time (NTP) and FORMSEAL_TSA_URL. Nothing was sealed."
        )


class CheckedTimeStamper(HTTPTimeStamper):
    """pyHanko's HTTP client plus our checks on every token it receives."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float,
        max_skew_seconds: int,
        roots: list[asn1_x509.Certificate] | None,
    ) -> None:
        super().__init__(url, timeout=timeout)
        self.max_skew_seconds = max_skew_seconds
        self.roots = roots  # None: trust on first use
        self.seen_certs: dict[bytes, asn1_x509.Certificate] = {}

    async def async_timestamp(self, message_digest: bytes, md_algorithm: str) -> Any:
        token = await super().async_timestamp(message_digest, md_algorithm)
        check_skew(token_time(token), _now(), self.max_skew_seconds)
        if self.roots is not None:
            await _check_chain(token, self.roots)
        for cert in token_certs(token):
            self.seen_certs[cert.sha256] = cert
        return token


async def _check_chain(token: cms.ContentInfo, roots: list[asn1_x509.Certificate]) -> None:
    signer = token_signer(token)
    if signer is None:
        raise SealingError("The timestamp authority's answer does not include its certificate.")
    context = ValidationContext(
        trust_roots=roots, other_certs=token_certs(token), allow_fetching=False
    )
    try:
        await CertificateValidator(signer, validation_context=context).async_validate_usage(
            set(), {"time_stamping"}
        )
    except Exception as exc:
        raise SealingError(
            f"The timestamp authority's certificate ({signer.subject.human_friendly}) does not "
            f"chain to FORMSEAL_TSA_CA_FILE, or is not valid for timestamping: {exc}"
        ) from exc


_stampers: dict[tuple, CheckedTimeStamper] = {}
_stampers_lock = threading.Lock()


def get_timestamper(options: SealOptions) -> CheckedTimeStamper | None:
    """One client per process and configuration: pyHanko caches the size-probe token on it."""
    if not options.tsa_url:
        return None
    key = (
        options.tsa_url,
        options.tsa_timeout_seconds,
        options.tsa_max_skew_seconds,
        options.tsa_ca_file,
    )
    with _stampers_lock:
        if key not in _stampers:
            roots = _configured_roots(options.tsa_ca_file) if options.tsa_ca_file else None
            _stampers[key] = CheckedTimeStamper(
                options.tsa_url,
                timeout=options.tsa_timeout_seconds,
                max_skew_seconds=options.tsa_max_skew_seconds,
                roots=roots,
            )
        return _stampers[key]


def _configured_roots(path: str) -> list[asn1_x509.Certificate]:
    try:
        roots = list(load_certs_from_pemder([path]))
    except (OSError, ValueError) as exc:
        raise SealingError(f"Could not read FORMSEAL_TSA_CA_FILE {path}: {exc}") from exc
    if not roots:
        raise SealingError(f"FORMSEAL_TSA_CA_FILE {path} holds no certificate.")
    return roots


def timestamp_roots(keys_dir: Path, tsa_ca_file: str = "") -> list[asn1_x509.Certificate]:
    """Certificates a seal's timestamp may chain to: the configured CA file, else those seen."""
    if tsa_ca_file:
        try:
            return _configured_roots(tsa_ca_file)
        except SealingError:
            return []
    path = Path(keys_dir) / TSA_ROOTS_FILE
    if not path.is_file():
        return []
    return list(load_certs_from_pemder_data(path.read_bytes()))


def remember_tsa_certs(keys_dir: Path, certs: Iterable[asn1_x509.Certificate]) -> None:
    """Trust on first use: append TSA certificates not yet in keys_dir/tsa-roots.pem."""
    from asn1crypto import pem

    certs = list(certs)
    if not certs:
        return
    path = Path(keys_dir) / TSA_ROOTS_FILE
    known = {c.sha256 for c in timestamp_roots(keys_dir)}
    new = [c for c in certs if c.sha256 not in known]
    if not new:
        return
    with open(Path(keys_dir) / ".keys.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        known = {c.sha256 for c in timestamp_roots(keys_dir)}
        with open(path, "ab") as out:
            for cert in new:
                if cert.sha256 not in known:
                    out.write(pem.armor("CERTIFICATE", cert.dump()))
