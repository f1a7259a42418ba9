"""Apply the PAdES certification seal that makes any later change detectable.

Levels (ETSI EN 319 142-1):
- **B-B**: the signature alone (no TSA configured);
- **B-T**: plus an RFC 3161 signature timestamp from ``SealOptions.tsa_url``;
- **B-LT**: plus the certificates and revocation data (CRL/OCSP) needed to validate it later,
  in the document security store (DSS), written in the same revision as the signature so the
  seal still covers the whole file. Only possible when the sealing certificate names CRL or
  OCSP addresses; the self-signed local CA names none.
"""

from __future__ import annotations

import re
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.timestamps import TimeStamper, TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import RevokedError

from .approvals import add_stage_fields, archive_timestamp, sign_stages
from .inputs import SealingError, SealOptions, SealStage
from .keys import SealingIdentity

SEAL_FIELD = "Seal"
SEAL_REASON = "Sealed by formseal"


def sign_pdf(
    pdf: bytes,
    identity: SealingIdentity,
    options: SealOptions | None = None,
    *,
    timestamper: TimeStamper | None = None,
    tsa_roots: list | None = None,
    stages: list[SealStage] | None = None,
) -> bytes:
    """Certify ``pdf`` with NO_CHANGES: any later incremental update breaks the DocMDP check.

    With ``stages``, the certification creates one empty field per stage and allows only
    filling them (FILL_FORMS); each stage then signs its field (approvals.py). With a
    timestamp and validation data (B-LT), a document timestamp comes last (B-LTA).
    """
    identity.check_usable()
    options = options or SealOptions()
    ltv = options.ltv and bool(identity.revocation_urls)
    context = _ltv_context(identity, tsa_roots) if ltv else None
    meta = _certification(identity, bool(stages), ltv, context)
    key = (
        identity.fingerprint,
        tuple(c.sha256 for c in identity.chain),
        options.tsa_url if timestamper else "",
        ltv,
        len(stages or ()),
    )
    try:
        out = _sign_with_reserve(pdf, meta, identity, timestamper, key, stages or [])
        sealed = out.getvalue()
        if stages:
            sealed = sign_stages(
                sealed, stages, identity, timestamper=timestamper, validation_context=context
            )
        if context is not None and timestamper is not None and options.archive_timestamp:
            sealed = archive_timestamp(sealed, timestamper, context)
    except Exception as exc:
        problem = _sealing_problem(exc, options.tsa_url, ltv)
        if problem is None:
            raise
        raise problem from exc
    return sealed


def _certification(
    identity: SealingIdentity, stages: bool, ltv: bool, context: ValidationContext | None
) -> signers.PdfSignatureMetadata:
    """The seal's signature: a PAdES certification that allows nothing after it, or only
    filling the stages' fields."""
    return signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        certify=True,
        docmdp_permissions=MDPPerm.FILL_FORMS if stages else MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=SEAL_REASON,
        location=identity.organisation_name,
        name=identity.organisation_name,
        embed_validation_info=ltv,
        validation_context=context,
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
        ),
    )


def _sealing_problem(exc: Exception, tsa_url: str, ltv: bool) -> SealingError | None:
    """What went wrong while signing, in words an operator can act on; None: let it go
    up as it is (already a SealingError, or not a signing problem)."""
    if isinstance(exc, SealingError):
        return None
    if isinstance(exc, RevokedError):
        return SealingError(_revoked(exc))
    if isinstance(exc, TimestampRequestError):
        why = f": {exc.__cause__}" if exc.__cause__ else ""
        return SealingError(
            f"The timestamp authority at {tsa_url} did not give a timestamp "
            f"({exc}{why}). Nothing was sealed."
        )
    if isinstance(exc, SigningError | ValueError | OSError):
        cause = _root_cause(exc)
        if isinstance(cause, RevokedError):
            return SealingError(_revoked(cause))
        problem = "could not be checked for revocation" if ltv else "could not sign"
        detail = f"{exc}: {cause}" if cause is not exc else str(exc)
        return SealingError(f"The sealing certificate {problem}: {detail}")
    if type(exc).__module__.startswith("pyhanko_certvalidator"):
        return SealingError(
            f"The sealing certificate could not be validated for long-term validation "
            f"data (PAdES B-LT): {exc}"
        )
    return None


def _revoked(exc: BaseException) -> str:
    return (
        f"The sealing certificate has been revoked ({exc}); install a new one with "
        "`formseal keys import`. Nothing was sealed."
    )


# The size of the signature container, remembered per key and options: pyHanko otherwise
# builds and signs a throw-away container on every seal just to measure it (~10 ms).
_reserved: dict[tuple, int] = {}
_CONTENTS = re.compile(rb"/Contents\s*<([0-9a-fA-F]+)>")


def _sign_with_reserve(
    pdf: bytes,
    meta: signers.PdfSignatureMetadata,
    identity: SealingIdentity,
    timestamper: TimeStamper | None,
    key: tuple,
    stages: list[SealStage],
) -> BytesIO:
    pdf_signer = signers.PdfSigner(meta, signer=identity.signer, timestamper=timestamper)

    def writer() -> IncrementalPdfFileWriter:
        incremental = IncrementalPdfFileWriter(BytesIO(pdf))
        add_stage_fields(incremental, SEAL_FIELD, stages)
        return incremental

    reserved = _reserved.get(key)
    if reserved is not None:
        try:
            return pdf_signer.sign_pdf(writer(), bytes_reserved=reserved)
        except SigningError as exc:
            if "larger than expected" not in str(exc):
                raise
            _reserved.pop(key, None)  # a bigger timestamp token than before: measure again
    out = pdf_signer.sign_pdf(writer())
    tail = out.getbuffer()[len(pdf) :]
    found = [m.group(1) for m in _CONTENTS.finditer(bytes(tail))]
    if found:
        _reserved[key] = len(found[-1])  # pyHanko's estimate, with its 50 % margin
    return out


def _root_cause(exc: BaseException) -> BaseException:
    seen = 0
    while exc.__cause__ is not None and seen < 10:
        exc, seen = exc.__cause__, seen + 1
    return exc


def _ltv_context(identity: SealingIdentity, tsa_roots: list | None) -> ValidationContext:
    """Fetch CRLs/OCSP now, and refuse a revoked certificate (hard-fail)."""
    return ValidationContext(
        trust_roots=[*identity.chain, *(tsa_roots or [])],
        other_certs=identity.chain,
        allow_fetching=True,
        revocation_mode="hard-fail",
    )
