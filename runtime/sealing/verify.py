"""Decide whether a PDF is an untouched seal made by this instance, in plain words."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .sign import SEAL_FIELD

CHANGED = "The document was changed after it was sealed."
NOT_OURS = (
    "The seal was not made by this formseal instance: its certificate does not chain to "
    "this instance's certificate authority."
)
EXPIRED_INDICATIONS = {"EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"}
CERT_PROBLEMS = {
    "EXPIRED": "The sealing certificate has expired.",
    "OUT_OF_BOUNDS_NO_POE": "The sealing certificate has expired.",
    "NOT_YET_VALID": "The sealing certificate is not valid yet.",
    "REVOKED": "The sealing certificate has been revoked.",
    "NO_CERTIFICATE_CHAIN_FOUND": NOT_OURS,
}


@dataclass(frozen=True)
class VerificationReport:
    ok: bool
    intact: bool
    modified: bool
    sealed_by_this_instance: bool
    envelope_id: str | None = None
    signer: str | None = None
    signed_at: str | None = None
    reasons: list[str] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC)  # a seam for tests that need a later clock


def _failed(reason: str) -> VerificationReport:
    return VerificationReport(False, False, False, False, reasons=[reason])


_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: dict[str, int] = {}


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs tracebacks at ERROR for tampered files; they are findings, not faults."""
    global _quiet_depth
    names = ("pyhanko", "pyhanko_certvalidator")
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


def verify_pdf(data: bytes, roots: list) -> VerificationReport:
    """Never raises on bad input. Call it off the event loop (it runs asyncio internally)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _verify_quietly(data, roots)
    # pyHanko uses asyncio.run(), which cannot nest: use a helper thread (correct, but it
    # blocks the loop; async callers should prefer asyncio.to_thread(verify_pdf, ...)).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify_quietly, data, roots).result()


def _verify_quietly(data: bytes, roots: list) -> VerificationReport:
    with _quiet_pyhanko():
        try:
            return _verify(bytes(data), roots)
        except Exception:
            return _failed("The PDF is damaged or truncated, so its seal cannot be checked.")


def _verify(data: bytes, roots: list) -> VerificationReport:
    if data.lstrip()[:5] != b"%PDF-":
        return _failed("This file is not a PDF.")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return _failed(
            "The PDF is damaged or truncated, or its seal is unreadable (possibly forged), "
            "so it cannot be checked."
        )
    if not signatures:
        return _failed("The PDF has no seal: it contains no digital signature.")
    seal = next((s for s in signatures if s.field_name == SEAL_FIELD), signatures[0])
    reasons: list[str] = []
    if seal.field_name != SEAL_FIELD:
        reasons.append("The PDF is signed, but not with a formseal seal.")
    if len(signatures) > 1:
        reasons.append("Another signature was added after the document was sealed.")

    status = _validate(seal, roots, _now())
    intact = bool(status.intact and status.valid)
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    modified = not intact or not whole_file or len(signatures) > 1
    trusted = bool(status.trusted)
    indic = getattr(status.trust_problem_indic, "name", "")
    notes: list[str] = []
    signed_at = status.signer_reported_dt
    if intact and not trusted and indic in EXPIRED_INDICATIONS and signed_at:
        # No timestamp yet: judge the certificate at the seal's own signing time, as
        # Acrobat does by default, and say so.
        trusted = bool(_validate(seal, roots, signed_at).trusted)
        if trusted:
            notes.append(
                f"The sealing certificate has expired since; it was valid when the seal was "
                f"made ({signed_at.astimezone(UTC):%Y-%m-%d}, the time recorded in the seal)."
            )
    if not intact:
        reasons.append(CHANGED + " The sealed bytes no longer match the signature.")
    elif not whole_file:
        reasons.append(CHANGED + " Content was appended after the seal.")
    if intact and not status.docmdp_ok:
        reasons.append("The changes break the seal's rule that nothing may change.")
    if intact and not trusted:
        reasons.append(
            CERT_PROBLEMS.get(indic, f"The sealing certificate is not trusted ({indic}).")
        )
    ok = intact and whole_file and bool(status.docmdp_ok) and trusted and not reasons
    if ok:
        reasons.append("The seal is valid: the document is unchanged since it was sealed.")
    reasons.extend(notes)

    return VerificationReport(
        ok=ok,
        intact=intact,
        modified=modified,
        sealed_by_this_instance=trusted,
        envelope_id=_envelope_id(reader, seal.signed_revision),
        signer=status.signing_cert.subject.native.get("common_name"),
        signed_at=signed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if signed_at else None,
        reasons=reasons,
    )


def _validate(seal: Any, roots: list, moment: datetime) -> Any:
    context = ValidationContext(trust_roots=list(roots), allow_fetching=False, moment=moment)
    return validate_pdf_signature(seal, context, ts_validation_context=context)


def _envelope_id(reader: PdfFileReader, revision: int) -> str | None:
    """Read the id from the signed revision, so a later update cannot swap it."""
    try:
        info = reader.get_historical_resolver(revision).trailer_view["/Info"]
        return str(info["/FormsealEnvelopeId"])
    except Exception:
        return None
