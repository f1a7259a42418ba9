"""Join the document and audit pages, attach the answers and set the metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .inputs import SealInput

ANSWERS_FILE = "answers.json"


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
    now = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(
        {
            "/Title": f"{seal_input.template_name} (v{seal_input.template_version})",
            "/Subject": f"Sealed envelope {seal_input.envelope_id}",
            "/Author": seal_input.organisation_name,
            "/Creator": "formseal",
            "/Producer": "formseal (WeasyPrint, pypdf, pyHanko)",
            "/CreationDate": now,
            "/ModDate": now,
            "/FormsealEnvelopeId": seal_input.envelope_id,
        }
    )
    writer.root_object[NameObject("/Lang")] = TextStringObject(seal_input.language)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
