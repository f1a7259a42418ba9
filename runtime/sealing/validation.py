"""pyHanko's checks of a sealed PDF as the verification report needs them (verify.py):
validation contexts at a given moment, the seal's timestamp and level, the revocation data
it carries, the metadata of the signed revision; and pyHanko's logging kept quiet while a
tampered file is checked. verify.py decides what they mean and words the findings."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

# A seal may carry nonRepudiation (the PDF default) or digitalSignature: both are common.
KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})


_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: dict[str, int] = {}


@contextlib.contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs tracebacks at ERROR for tampered files; they are findings, not faults."""
    global _quiet_depth
    names = ("pyhanko", "pyhanko_certvalidator", "pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            for name in names:
                _saved_levels[name] = logging.getLogger(name).level
                logging.getLogger(name).setLevel(logging.CRITICAL)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for name in names:
                    logging.getLogger(name).setLevel(_saved_levels.pop(name, logging.NOTSET))


def usable_timestamp(status: Any) -> Any:
    """The signature timestamp's status when it is there and mathematically sound."""
    stamp = getattr(status, "timestamp_validity", None)
    return stamp if stamp is not None and stamp.intact and stamp.valid else None


def ts_authority(stamp: Any) -> str | None:
    if stamp is None:
        return None
    return stamp.signing_cert.subject.native.get("common_name") or (
        stamp.signing_cert.subject.human_friendly
    )


def read_dss(reader: PdfFileReader) -> Any:
    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def has_revinfo(dss: Any) -> bool:
    return bool(dss is not None and (dss.crls or dss.ocsps))


def seal_level(stamp: Any, dss: Any) -> tuple[str, list[str]]:
    if stamp is None:
        if has_revinfo(dss):
            return "PAdES B-B", [
                "The seal carries revocation data, but no timestamp: PAdES B-LT needs one "
                "(set FORMSEAL_TSA_URL)."
            ]
        return "PAdES B-B", []
    if has_revinfo(dss):
        return "PAdES B-LT", []
    return "PAdES B-T", []


def signed_length(seal: Any) -> int:
    byte_range = [int(x) for x in seal.byte_range]
    return byte_range[2] + byte_range[3]


def contexts(roots: list, ts_roots: list, dss: Any, moment: datetime) -> tuple[Any, Any]:
    kwargs: dict[str, Any] = {"allow_fetching": False, "moment": moment}
    if dss is not None:
        context = dss.as_validation_context({**kwargs, "trust_roots": list(roots)})
        ts_context = dss.as_validation_context({**kwargs, "trust_roots": list(ts_roots)})
    else:
        context = ValidationContext(trust_roots=list(roots), **kwargs)
        ts_context = ValidationContext(trust_roots=list(ts_roots), **kwargs)
    return context, ts_context


def validate(seal: Any, roots: list, ts_roots: list, dss: Any, moment: datetime) -> Any:
    context, ts_context = contexts(roots, ts_roots, dss, moment)
    return validate_pdf_signature(
        seal, context, ts_validation_context=ts_context, key_usage_settings=KEY_USAGE
    )


def signed_info(reader: PdfFileReader, revision: int) -> dict[str, str]:
    """Read the metadata from the signed revision, so a later update cannot swap it."""
    try:
        resolver = reader.get_historical_resolver(revision)
        info = resolver.trailer_view.raw_get("/Info")
        if hasattr(info, "reference"):  # resolve in that revision, not in the latest one
            info = resolver(info.reference)
        return {str(k): str(v) for k, v in info.items()}
    except Exception:
        return {}
