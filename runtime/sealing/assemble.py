"""Attach the answers and set the metadata (Info + XMP) of the sealed PDF.

`seal_document` writes the document and audit pages in one WeasyPrint pass: `metadata`
fills the document information, `answers_attachment` is answers.json and `finisher` names
formseal as producer and adds the XMP packet. `assemble` does the same with pypdf on two
finished PDFs; it is kept for tools and benchmarks that time the steps one by one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .inputs import SealInput
from .xmp import xmp_packet

ANSWERS_FILE = "answers.json"
CREATOR = "formseal"
PRODUCER = "formseal (WeasyPrint, pypdf, pyHanko)"
ANSWERS_DESCRIPTION = "Form answers (canonical JSON)"


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
    attachment.description = TextStringObject(ANSWERS_DESCRIPTION)
    created = datetime.now(UTC)
    now = created.strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(
        {
            "/Title": title_of(seal_input),
            "/Subject": subject_of(seal_input),
            "/Author": seal_input.organisation_name,
            "/Creator": CREATOR,
            "/Producer": PRODUCER,
            "/CreationDate": now,
            "/ModDate": now,
            **{f"/{name}": value for name, value in custom_info(seal_input).items()},
        }
    )
    writer.xmp_metadata = seal_xmp(seal_input, created)
    writer.root_object[NameObject("/Lang")] = TextStringObject(seal_input.language)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def title_of(seal_input: SealInput) -> str:
    return f"{seal_input.template_name} (v{seal_input.template_version})"


def subject_of(seal_input: SealInput) -> str:
    return f"Sealed envelope {seal_input.envelope_id}"


def seal_xmp(seal_input: SealInput, created: datetime) -> bytes:
    """The XMP packet, the same whether WeasyPrint or pypdf writes the PDF."""
    return xmp_packet(
        title=title_of(seal_input),
        description=subject_of(seal_input),
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


def custom_info(seal_input: SealInput) -> dict[str, str]:
    """formseal's own document information entries (read back by verification)."""
    return {
        "FormsealEnvelopeId": seal_input.envelope_id,
        "FormsealAuditHead": seal_input.audit_head,
        "FormsealAuditEvents": str(seal_input.audit_events),
    }


def set_metadata(document: Any, seal_input: SealInput, created: datetime) -> None:
    """Fill a WeasyPrint document's metadata; written with ``custom_metadata=True``."""
    meta = document.metadata
    meta.title = title_of(seal_input)
    meta.authors = [seal_input.organisation_name]
    meta.description = subject_of(seal_input)
    meta.generator = CREATOR
    meta.created = meta.modified = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    meta.lang = seal_input.language
    meta.keywords = []
    meta.attachments = []
    meta.custom = custom_info(seal_input)


def answers_attachment(seal_input: SealInput) -> Any:
    from weasyprint import Attachment

    return Attachment(
        string=canonical_json(seal_input.answers).decode("utf-8"),
        name=ANSWERS_FILE,
        description=ANSWERS_DESCRIPTION,
        relationship="Data",
    )


def finisher(seal_input: SealInput, created: datetime) -> Any:
    """Called by WeasyPrint just before the PDF is written: producer and XMP packet."""
    import pydyf

    packet = seal_xmp(seal_input, created)

    def finish(document: Any, pdf: Any) -> None:
        pdf.info["Producer"] = pydyf.String(PRODUCER)
        stream = pydyf.Stream([packet], {"Type": "/Metadata", "Subtype": "/XML"})
        pdf.add_object(stream)
        pdf.catalog["Metadata"] = stream.reference
        # answers.json is an associated file of the whole document (PDF 2.0 /AF), as data.
        specs: list[Any] = [
            o for o in pdf.objects if isinstance(o, dict) and o.get("Type") == "/Filespec"
        ]
        for spec in specs:
            spec["AFRelationship"] = "/Data"
        if specs:
            pdf.catalog["AF"] = pydyf.Array([spec.reference for spec in specs])

    return finish
