"""A small .docx built with zipfile (no extra library): headings, paragraphs, a list,
bold and italic text, a link and a table, as Word writes them."""

import io
import zipfile

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/terms" TargetMode="External"/>
</Relationships>"""


def _p(text: str, style: str = "", run: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r>{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def sample_docx() -> bytes:
    body = "".join(
        [
            _p("Consulting agreement", "Heading1"),
            _p("This agreement is made between Northwind Ltd and the client named below."),
            _p("Services", "Heading2"),
            '<w:p><w:r><w:t xml:space="preserve">The consultant works with </w:t></w:r>'
            "<w:r><w:rPr><w:b/></w:rPr><w:t>reasonable skill</w:t></w:r>"
            '<w:r><w:t xml:space="preserve"> and </w:t></w:r>'
            "<w:r><w:rPr><w:i/></w:rPr><w:t>care</w:t></w:r>"
            '<w:r><w:t xml:space="preserve">; see </w:t></w:r>'
            '<w:hyperlink r:id="rIdLink"><w:r><w:t>the terms</w:t></w:r></w:hyperlink>'
            "<w:r><w:t>.</w:t></w:r></w:p>",
            _p("Fees &lt;script&gt;alert(1)&lt;/script&gt;", "Heading2"),
            "<w:tbl><w:tr><w:tc>"
            + _p("Day rate")
            + "</w:tc><w:tc>"
            + _p("EUR 900")
            + "</w:tc></w:tr></w:tbl>",
        ]
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()
