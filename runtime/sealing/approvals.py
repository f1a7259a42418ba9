"""Signatures after the seal: one approval per finished stage, and the archive timestamp.

Stage approvals (a template's ``settings.stage_signatures``). A certification signature
must be the first signature of a PDF, and a field added after it breaks its DocMDP check
(STACK-NOTES.md), so the order is:

1. the revision that certifies also creates the empty fields ``Stage1`` … ``StageN``;
   the certification allows ``FILL_FORMS`` (signing those fields) instead of no changes;
2. each stage then signs its own field, in stage order, one incremental update each,
   with the organisation's sealing key and the reason "Stage N approved by <names>
   (stage completed <time> UTC)".

A PDF reader's signature panel lists: the seal (certification), Stage 1, Stage 2, … .

The archive timestamp (PAdES B-LTA): when the seal carries a signature timestamp and
validation data (B-LT), a document timestamp is added last, over the whole file and its
DSS, with the timestamp authority's own validation data written before it.
"""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter, append_signature_field
from pyhanko.sign.signers.pdf_signer import (
    DSSContentSettings,
    PdfTimeStamper,
    SigDSSPlacementPreference,
    TimestampDSSContentSettings,
)
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator import ValidationContext

from .document import format_utc
from .inputs import SealStage
from .keys import SealingIdentity

STAGE_FIELD = "Stage{number}"
ARCHIVE_FIELD = "ArchiveTimestamp"


def stage_field(number: int) -> str:
    return STAGE_FIELD.format(number=number)


def stage_reason(stage: SealStage) -> str:
    names = ", ".join(stage.names) or "its recipients"
    reason = f"Stage {stage.number} approved by {names}"
    if stage.completed_at:
        reason += f" (stage completed {format_utc(stage.completed_at)})"
    return reason


def add_stage_fields(
    writer: IncrementalPdfFileWriter, seal_field: str, stages: list[SealStage]
) -> None:
    """Empty, invisible signature fields, created in the certifying revision.

    The seal's own field comes first, so readers that list fields in form order show the
    seal, then Stage 1, Stage 2, … (the order of the revisions too).
    """
    if not stages:
        return
    append_signature_field(writer, SigFieldSpec(seal_field))
    for stage in stages:
        append_signature_field(writer, SigFieldSpec(stage_field(stage.number)))


def sign_stages(
    pdf: bytes,
    stages: list[SealStage],
    identity: SealingIdentity,
    *,
    timestamper: TimeStamper | None,
    validation_context: ValidationContext | None,
) -> bytes:
    """Sign each stage's field in order; each signature is one incremental update."""
    for stage in stages:
        meta = signers.PdfSignatureMetadata(
            field_name=stage_field(stage.number),
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=stage_reason(stage),
            location=identity.organisation_name,
            name=identity.organisation_name,
            embed_validation_info=validation_context is not None,
            validation_context=validation_context,
            dss_settings=DSSContentSettings(
                placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
            ),
        )
        signer = signers.PdfSigner(meta, signer=identity.signer, timestamper=timestamper)
        out = signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), existing_fields_only=True)
        pdf = out.getvalue()
    return pdf


def archive_timestamp(
    pdf: bytes, timestamper: TimeStamper, validation_context: ValidationContext
) -> bytes:
    """A document timestamp over everything, after the DSS (PAdES B-LTA)."""
    stamper = PdfTimeStamper(timestamper, field_name=ARCHIVE_FIELD)
    out = stamper.timestamp_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)),
        "sha256",
        validation_context=validation_context,
        # The TSA's own validation data goes in before the timestamp, so it covers it all.
        dss_settings=TimestampDSSContentSettings(update_before_ts=True, include_vri=False),
    )
    return out.getvalue()
