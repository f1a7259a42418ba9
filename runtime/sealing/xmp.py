"""XMP metadata for sealed PDFs: the same facts as the document information dictionary,
in the form archives and PDF/A tools read (Dublin Core, XMP basic, Adobe PDF, formseal)."""

from __future__ import annotations

import re
from datetime import datetime
from xml.sax.saxutils import escape

FORMSEAL_NS = "https://formseal.org/ns/seal/1.0/"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    """Escaped for XML, with characters XML 1.0 cannot hold removed."""
    return escape(_NOT_XML.sub("", str(value)), {'"': "&quot;"})


def xmp_packet(
    *,
    title: str,
    description: str,
    author: str,
    language: str,
    envelope_id: str,
    producer: str,
    creator_tool: str,
    created: datetime,
    audit_head: str,
    audit_events: int,
    version_sha256: str,
) -> bytes:
    when = _text(created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:formseal="{FORMSEAL_NS}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_text(description)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{_text(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{_text(language)}</rdf:li></rdf:Bag></dc:language>
   <dc:identifier>urn:uuid:{_text(envelope_id)}</dc:identifier>
   <pdf:Producer>{_text(producer)}</pdf:Producer>
   <xmp:CreatorTool>{_text(creator_tool)}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <formseal:EnvelopeId>{_text(envelope_id)}</formseal:EnvelopeId>
   <formseal:AuditHead>{_text(audit_head)}</formseal:AuditHead>
   <formseal:AuditEvents>{int(audit_events)}</formseal:AuditEvents>
   <formseal:TemplateVersionSha256>{_text(version_sha256)}</formseal:TemplateVersionSha256>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
