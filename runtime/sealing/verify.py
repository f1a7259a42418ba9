"""Decide whether a PDF is an untouched seal made by this instance, in plain words."""

from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.status import SignatureCoverageLevel

from .changes import describe_changes
from .keys import is_local_ca, sealer_name
from .sign import SEAL_FIELD
from .signature_list import (
    APPROVAL,
    ARCHIVE,
    OTHER,
    SEAL,
    SignatureReport,
    appended_after,
    approval_problems,
    archive_findings,
    archive_report,
    covers_whole_file,
    from_status,
    in_order,
    iso,
    kind_of,
    stage_number,
)
from .validation import (
    contexts,
    has_revinfo,
    quiet_pyhanko,
    read_dss,
    seal_level,
    signed_info,
    signed_length,
    ts_authority,
    usable_timestamp,
    validate,
)

CHANGED = "The document was changed after it was sealed."
NOT_OURS = (
    "The seal was not made by this service: its certificate does not chain to this "
    "service's certificate authority."
)
DRAFT_KEY = "/FormsealDraft"  # the signer's draft (runtime/signing/draft_document.py)
DRAFT = (
    "This PDF is a draft made before signing, not the sealed document: it carries no seal. "
    "The sealed PDF is sent by email once everyone has signed, and can be downloaded from "
    "the signing link."
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
    signer: str | None = None  # the certificate's common name ("Acme Ltd formseal seal")
    signer_name: str | None = None  # as a person reads it, "Acme Ltd" (keys.sealer_name)
    signed_at: str | None = None
    reasons: list[str] = field(default_factory=list)
    level: str | None = None
    """"PAdES B-B", "PAdES B-T" (with a signature timestamp), "PAdES B-LT" (plus DSS) or
    "PAdES B-LTA" (plus a document timestamp over it all)."""
    timestamp: str | None = None
    """The timestamp authority's time, ISO-8601 UTC, when the seal carries a timestamp."""
    timestamp_trusted: bool = False
    timestamp_authority: str | None = None
    validation_data: bool = False
    """The PDF carries revocation data (CRLs / OCSP responses) in its DSS."""
    signer_subject: str | None = None
    issuer: str | None = None
    cert_fingerprint: str | None = None
    """SHA-256 of the sealing certificate, hex."""
    self_signed_ca: bool = False
    """Sealed under this instance's own, self-signed CA (not a publicly trusted one)."""
    audit_head: str | None = None
    """The audit trail head sealed into the PDF (its metadata), if any."""
    audit_events: int | None = None
    changes: list[str] = field(default_factory=list)
    """What an update appended after the seal changed, in words."""
    draft: bool = False
    """The signer's draft ("Read the document with your answers"), made before signing:
    marked so in its metadata, it has no seal and is never valid."""
    signatures: list[SignatureReport] = field(default_factory=list)
    """Every signature in the order made: the seal, stage approvals, archive timestamps."""


def _now() -> datetime:
    return datetime.now(UTC)  # a seam for tests that need a later clock


def _failed(reason: str) -> VerificationReport:
    return VerificationReport(False, False, False, False, reasons=[reason])


def verify_pdf(data: bytes, roots: list, ts_roots: list | None = None) -> VerificationReport:
    """Never raises on bad input. Call it off the event loop (it runs asyncio internally).

    ``roots`` are the CA certificates a seal must chain to (``trust_roots(keys_dir)``);
    ``ts_roots`` those a timestamp must chain to (``timestamp_roots(keys_dir)``).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _verify_quietly(data, roots, ts_roots or [])
    # pyHanko uses asyncio.run(), which cannot nest: use a helper thread (correct, but it
    # blocks the loop; async callers should prefer asyncio.to_thread(verify_pdf, ...)).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify_quietly, data, roots, ts_roots or []).result()


def _verify_quietly(data: bytes, roots: list, ts_roots: list) -> VerificationReport:
    with quiet_pyhanko():
        try:
            return _verify(bytes(data), roots, ts_roots)
        except Exception:
            return _failed("The PDF is damaged or truncated, so its seal cannot be checked.")


def _trust_problem(indic: str, cert: Any, roots: list) -> str:
    """Why the seal is not trusted, in plain words. Every instance's own CA is called
    "<organisation> formseal local CA", so a seal from another instance (staging, a copy
    restored with new keys) often names one of our CAs as its issuer; its key is another,
    and pyHanko then reports a general chain failure rather than "no chain found"."""
    if indic in CERT_PROBLEMS:
        return CERT_PROBLEMS[indic]
    if indic == "CERTIFICATE_CHAIN_GENERAL_FAILURE" and _impostor_of_our_ca(cert, roots):
        return NOT_OURS + " Its authority has the name of this service's, but another key."
    return f"The sealing certificate is not trusted ({indic})."


def _impostor_of_our_ca(cert: Any, roots: list) -> bool:
    """The certificate's issuer has the name of one of our roots, but not its key."""
    issuer_key = getattr(cert, "authority_key_identifier", None)
    named = [root for root in roots if root.subject == cert.issuer]
    return bool(named and issuer_key) and all(root.key_identifier != issuer_key for root in named)


def _verify(data: bytes, roots: list, ts_roots: list) -> VerificationReport:
    opened = _open(data)
    if isinstance(opened, VerificationReport):
        return opened
    reader, ordered = opened
    seal = next((s for s in ordered if kind_of(s, SEAL_FIELD) == SEAL), ordered[0])
    others = [s for s in ordered if s is not seal and kind_of(s, SEAL_FIELD) == OTHER]
    reasons = _placement_problems(ordered, seal, others)

    dss = read_dss(reader)
    status = validate(seal, roots, ts_roots, dss, _now())
    intact = bool(status.intact and status.valid)
    last = ordered[-1]
    whole_file = (
        status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if last is seal
        else covers_whole_file(last)
    )
    modified = not intact or not whole_file or bool(others)
    stamp = usable_timestamp(status)
    trusted, moment, notes = _trust_when_sealed(seal, status, stamp, intact, roots, ts_roots, dss)
    changes: list[str] = []
    if not intact:
        reasons.append(CHANGED + " The sealed bytes no longer match the signature.")
    elif not whole_file:
        reasons.append(appended_after(last, seal))
        changes = describe_changes(data, signed_length(last))
        reasons.extend(changes)
    if intact and not status.docmdp_ok:
        reasons.append("The changes break the seal's rule that nothing may change.")
    if intact and not trusted:
        indic = getattr(status.trust_problem_indic, "name", "")
        reasons.append(_trust_problem(indic, status.signing_cert, roots))
    if stamp is not None and intact and not stamp.trusted:
        notes.append(
            "The timestamp does not come from a timestamp authority this service trusts, "
            "so only the time recorded by the sealing server is vouched for."
        )
    listed = _signature_reports(ordered, seal, status, roots, ts_roots, dss, moment)
    reasons.extend(approval_problems(ordered, seal, reader))
    found, noted = _other_signature_findings(listed, intact)
    reasons.extend(found)
    notes.extend(noted)
    ok = intact and whole_file and bool(status.docmdp_ok) and trusted and not reasons
    if ok:
        reasons.append("The seal is valid: the document is unchanged since it was sealed.")
    level, level_notes = seal_level(stamp, dss)
    if level == "PAdES B-LT" and any(e.kind == ARCHIVE and e.intact for e in listed):
        level = "PAdES B-LTA"
    reasons.extend(notes + (level_notes if intact else []))
    info = signed_info(reader, seal.signed_revision)
    cert = status.signing_cert
    return VerificationReport(
        ok=ok,
        intact=intact,
        modified=modified,
        sealed_by_this_instance=trusted,
        envelope_id=info.get("/FormsealEnvelopeId"),
        signer=cert.subject.native.get("common_name"),
        signer_name=sealer_name(cert),
        signed_at=iso(status.signer_reported_dt),
        reasons=reasons,
        level=level if intact else None,
        timestamp=iso(stamp.timestamp) if stamp else None,
        timestamp_trusted=bool(stamp and stamp.trusted),
        timestamp_authority=ts_authority(stamp),
        validation_data=has_revinfo(dss),
        signer_subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        cert_fingerprint=cert.sha256.hex(),
        self_signed_ca=trusted and any(is_local_ca(r) and r.subject == cert.issuer for r in roots),
        audit_head=info.get("/FormsealAuditHead") or None,
        audit_events=_int(info.get("/FormsealAuditEvents")),
        changes=changes,
        signatures=listed,
    )


def _open(data: bytes) -> tuple[PdfFileReader, list[Any]] | VerificationReport:
    """The PDF and its signatures in the order made, or the report of why there is no
    seal to check (not a PDF, unreadable, unsigned, the signer's draft)."""
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
        if _is_draft(reader):
            return VerificationReport(False, False, False, False, reasons=[DRAFT], draft=True)
        return _failed("The PDF has no seal: it contains no digital signature.")
    return reader, in_order(signatures)


def _placement_problems(ordered: list[Any], seal: Any, others: list[Any]) -> list[str]:
    """A seal that is not formseal's, not the first signature, or signed over by others."""
    reasons: list[str] = []
    if seal.field_name != SEAL_FIELD:
        reasons.append("The PDF is signed, but not with a formseal seal.")
    elif ordered[0] is not seal:
        reasons.append("A signature in this PDF was made before the seal.")
    if others:
        named = ", ".join(repr(s.field_name) for s in others)
        reasons.append(f"Another signature was added after the document was sealed ({named}).")
    return reasons


def _trust_when_sealed(
    seal: Any,
    status: Any,
    stamp: Any,
    intact: bool,
    roots: list,
    ts_roots: list,
    dss: Any,
) -> tuple[bool, datetime, list[str]]:
    """Whether the seal is trusted, the moment it was judged at, and a note when that is
    the moment it was made: a certificate that has expired since is judged then, at the
    trusted timestamp's time or else at the signing time recorded inside the seal, as
    Acrobat does by default."""
    trusted = bool(status.trusted)
    moment = _now()
    indic = getattr(status.trust_problem_indic, "name", "")
    notes: list[str] = []
    if not (intact and not trusted and indic in EXPIRED_INDICATIONS):
        return trusted, moment, notes
    by_stamp = bool(stamp and stamp.trusted)
    then = stamp.timestamp if by_stamp else status.signer_reported_dt
    if then is None:
        return trusted, moment, notes
    trusted = bool(validate(seal, roots, ts_roots, dss, then).trusted)
    if trusted:  # whole sentences, each translated by the /verify page
        day = f"{then.astimezone(UTC):%Y-%m-%d}"
        notes.append(
            "The sealing certificate has expired since; it was valid when the seal was "
            f"made ({day}, the time recorded in the trusted timestamp)."
            if by_stamp
            else "The sealing certificate has expired since; it was valid when the seal "
            f"was made ({day}, the time recorded in the seal)."
        )
    return trusted, then, notes


def _other_signature_findings(
    listed: list[SignatureReport], intact: bool
) -> tuple[list[str], list[str]]:
    """Reasons and notes from the stage approvals and archive timestamps."""
    reasons: list[str] = []
    notes: list[str] = []
    for entry in listed:
        if entry.kind == APPROVAL and not entry.ok:
            stage = stage_number(entry.field)  # an approval's field is always Stage<N>
            reasons.append(f"The approval signature of stage {stage} is not valid.")
        elif entry.kind == ARCHIVE:
            found, noted = archive_findings(entry, intact)
            reasons.extend(found)
            notes.extend(noted)
    return reasons, notes


def _signature_reports(
    ordered: list[Any],
    seal: Any,
    seal_status: Any,
    roots: list,
    ts_roots: list,
    dss: Any,
    moment: datetime,
) -> list[SignatureReport]:
    """Judge every signature; approvals at the moment the seal was judged at."""
    listed: list[SignatureReport] = []
    for signature in ordered:
        kind = kind_of(signature, SEAL_FIELD)
        if signature is seal:
            listed.append(from_status(signature, SEAL, seal_status))
        elif kind == ARCHIVE:
            _, ts_context = contexts(roots, ts_roots, dss, _now())
            listed.append(archive_report(signature, ts_context))
        else:
            status = validate(signature, roots, ts_roots, dss, moment)
            listed.append(from_status(signature, kind, status))
    return listed


def _is_draft(reader: PdfFileReader) -> bool:
    """The document information says it is the signer's draft (only read when the file has
    no signature: a sealed PDF is judged by its seal alone)."""
    try:
        return DRAFT_KEY in reader.trailer_view["/Info"]
    except Exception:
        return False


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
