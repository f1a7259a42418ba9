"""Apply the PAdES certification seal that makes any later change detectable."""

from __future__ import annotations

from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter

from .keys import SealingIdentity

SEAL_FIELD = "Seal"
SEAL_REASON = "Sealed by formseal"


def sign_pdf(pdf: bytes, identity: SealingIdentity) -> bytes:
    """Certify ``pdf`` with NO_CHANGES: any later incremental update breaks the DocMDP check."""
    identity.check_usable()
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=SEAL_REASON,
        location=identity.organisation_name,
        name=identity.organisation_name,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=identity.signer)
    return out.getvalue()
