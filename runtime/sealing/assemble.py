"""Join the document and audit pages, attach the answers and set the metadata (Info + XMP)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .inputs import SealInput
from .xmp import xmp_packet

ANSWERS_FILE = "answers.json"
CREATOR = "formseal"
PRODUCER = "formseal (WeasyPrint, pypdf, pyHanko)"


def canonical_json(value: object) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same answers always give the same bytes."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def assemble(document_pdf: bytes, audit_pdf: bytes, seal_input: SealInput) -> bytes:
    """Document pages, then the audit certificate; answers.json rides along as a file."""
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(document_pdf)))
    writer.append(PdfReader(BytesIO(audit_pdf)))
    attachment = writer.add_attachment(ANSWERS_FILE, canonical_json(seal_input.answers))
    attachment.subtype = NameObject("/application#2Fjson")
    attachment.description = TextStringObject("Form answers (canonical JSON)")
    created = datetime.now(UTC)
    now = created.strftime("D:%Y%m%d%H%M%SZ")
    title = f"{seal_input.template_name} (v{seal_input.template_version})"
    subject = f"Sealed envelope {seal_input.envelope_id}"
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": subject,
            "/Author": seal_input.organisation_name,
            "/Creator": CREATOR,
            "/Producer": PRODUCER,
            "/CreationDate": now,
            "/ModDate": now,
            "/FormsealEnvelopeId": seal_input.envelope_id,
            "/FormsealAuditHead": seal_input.audit_head,
            "/FormsealAuditEvents": str(seal_input.audit_events),
        }
    )
    writer.xmp_metadata = xmp_packet(
        title=title,
        description=subject,
        author=seal_input.organisation_name,
        language=seal_input.language,
        envelope_id=seal_input.envelope_id,
        producer=PRODUCER,
        creator_tool=CREATOR,
        created=created,
        audit_head=seal_input.audit_head,
        audit_events=seal_input.audit_events,
        version_sha256=seal_input.version_sha256,
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(seal_input.language)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
