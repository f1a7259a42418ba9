"""Every signature of a sealed PDF, for the verification report: the seal, the stage
approvals and the archive timestamps, each judged on its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pyhanko.sign.validation import validate_pdf_timestamp
from pyhanko.sign.validation.status import SignatureCoverageLevel

from .approvals import ARCHIVE_FIELD
from .keys import sealer_name

STAGE_FIELD = re.compile(r"^Stage(\d+)$")
SEAL = "seal"
APPROVAL = "stage approval"
ARCHIVE = "archive timestamp"
OTHER = "other signature"


@dataclass(frozen=True)
class SignatureReport:
    """One signature as a person reads it in the report, in the order they were made."""

    field: str
    kind: str
    """"seal" (the certification), "stage approval", "archive timestamp" or "other"."""
    ok: bool
    intact: bool
    trusted: bool
    signer: str | None = None
    """The certificate's common name, as it is ("Acme Ltd formseal seal")."""
    signer_name: str | None = None
    """Who signed, as a person reads it ("Acme Ltd": `keys.sealer_name`)."""
    reason: str | None = None
    signed_at: str | None = None
    """For a timestamp, the authority's time."""
    covers_whole_file: bool = False


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def stage_number(field: str | None) -> int | None:
    """The stage a stage approval's field is for (`Stage2` -> 2), else None. Findings name
    the stage ("the approval signature of stage 2"), not the field: "the stage approval
    signature Stage 2" said the stage twice, and worse in French ("d'étape Étape 2")."""
    match = STAGE_FIELD.match(field or "")
    return int(match.group(1)) if match else None


def kind_of(signature: Any, seal_field: str) -> str:
    if signature.sig_object_type == "/DocTimeStamp":
        return ARCHIVE
    if signature.field_name == seal_field:
        return SEAL
    if STAGE_FIELD.match(signature.field_name or ""):
        return APPROVAL
    return OTHER


def fields_at(reader: Any, revision: int) -> set[str]:
    """Names of the form fields as the given revision had them."""
    try:
        resolver = reader.get_historical_resolver(revision)

        def resolve(value: Any) -> Any:
            return resolver(value.reference) if hasattr(value, "reference") else value

        form = resolve(reader.get_historical_root(revision).raw_get("/AcroForm"))
        fields = resolve(form.raw_get("/Fields"))
        return {str(resolve(f).get("/T")) for f in fields}
    except Exception:  # no form, or an unreadable one: no field existed
        return set()


def approval_problems(ordered: list[Any], seal: Any, reader: Any) -> list[str]:
    """Stage approvals must sign fields the seal's revision created, in stage order."""
    problems: list[str] = []
    created = fields_at(reader, seal.signed_revision)
    last = 0
    for signature in ordered:
        match = STAGE_FIELD.match(signature.field_name or "")
        if signature is seal or signature.sig_object_type == "/DocTimeStamp" or not match:
            continue
        if signature.field_name not in created:
            problems.append(
                f"The approval signature of stage {match.group(1)} is in a field that did not "
                "exist when the document was sealed: a signature was added after sealing."
            )
        elif int(match.group(1)) <= last:
            problems.append(f"The approval of stage {match.group(1)} is out of stage order.")
        last = max(last, int(match.group(1)))
    return problems


def archive_findings(entry: SignatureReport, seal_intact: bool) -> tuple[list[str], list[str]]:
    """What an archive timestamp's check finds: (reasons, notes). formseal's own is "the
    archive timestamp" (its field, `ArchiveTimestamp`, is a name for software: "The archive
    timestamp ArchiveTimestamp is not intact." read the name out); one another tool added
    is named by its field, as the signature list labels it."""
    own = entry.field == ARCHIVE_FIELD
    if not entry.intact:
        if own:
            return ["The archive timestamp is not intact."], []
        return [f"The archive timestamp {entry.field} is not intact."], []
    if seal_intact and not entry.trusted:
        if own:
            return [], [
                "The archive timestamp does not come from a timestamp authority this service "
                "trusts."
            ]
        return [], [
            f"The archive timestamp {entry.field} does not come from a timestamp authority "
            "this service trusts."
        ]
    return [], []


def appended_after(signature: Any, seal: Any) -> str:
    """What the update that broke the whole-file coverage came after: the seal, formseal's
    archive timestamp, or the last signature by its field ("(Stage2)": the page and the
    English report name a stage as "Stage 2", runtime/verification/findings.py)."""
    if signature is seal:
        return "The document was changed after it was sealed. Content was appended after the seal."
    if signature.field_name == ARCHIVE_FIELD and signature.sig_object_type == "/DocTimeStamp":
        return (
            "The document was changed after it was sealed. Content was appended after the "
            "archive timestamp."
        )
    return (
        "The document was changed after it was sealed. Content was appended after the last "
        f"signature ({signature.field_name})."
    )


def in_order(signatures: list[Any]) -> list[Any]:
    """By the revision that signed them: the order they were made."""
    return sorted(signatures, key=lambda s: s.signed_revision)


def covers_whole_file(signature: Any) -> bool:
    return signature.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE


def _reason(signature: Any) -> str | None:
    value = signature.sig_object.get("/Reason")
    return str(value) if value is not None else None


def _common_name(cert: Any) -> str | None:  # as it is, for `signer`
    if cert is None:
        return None
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def from_status(signature: Any, kind: str, status: Any) -> SignatureReport:
    """A regular signature (seal or approval) from pyHanko's validation status."""
    intact = bool(status.intact and status.valid)
    trusted = bool(status.trusted)
    docmdp_ok = status.docmdp_ok is not False
    return SignatureReport(
        field=signature.field_name,
        kind=kind,
        ok=intact and trusted and docmdp_ok and kind in (SEAL, APPROVAL),
        intact=intact,
        trusted=trusted,
        signer=_common_name(status.signing_cert),
        signer_name=sealer_name(status.signing_cert),
        reason=_reason(signature),
        signed_at=iso(status.signer_reported_dt),
        covers_whole_file=covers_whole_file(signature),
    )


def archive_report(signature: Any, ts_context: Any) -> SignatureReport:
    """A document timestamp: intact, and from an authority this instance trusts?"""
    try:
        status = validate_pdf_timestamp(signature, validation_context=ts_context)
    except Exception:
        return SignatureReport(signature.field_name, ARCHIVE, False, False, False)
    intact = bool(status.intact and status.valid)
    return SignatureReport(
        field=signature.field_name,
        kind=ARCHIVE,
        ok=intact,
        intact=intact,
        trusted=bool(status.trusted),
        signer=_common_name(status.signing_cert),
        signer_name=sealer_name(status.signing_cert),
        signed_at=iso(status.timestamp),
        covers_whole_file=covers_whole_file(signature),
    )
