"""Request bodies as the API reads them: a UTF-8 byte order mark in front is not content.

Windows editors (Notepad before 2019, PowerShell's `Out-File -Encoding utf8`) save JSON with
a BOM, and `curl -d @envelope.json` sends it as it is. Template definitions already took it
(components/definition.py), every other JSON body answered "JSON is malformed: invalid
character (byte 0)", which does not say what to change. The BOM is dropped before any
handler, Litestar's decoder included, reads the body; PDFs and uploads are left alone.
"""

import codecs

from litestar import Request

#: bodies whose bytes are a file, not text: a BOM there is the file's own
AS_SENT = ("multipart/", "application/pdf", "application/octet-stream")


class BodyRequest(Request):
    """The app's request: its body without a leading UTF-8 BOM, unless it is a file."""

    async def body(self) -> bytes:
        body = await super().body()
        kind = self.headers.get("content-type", "").lower()
        if body.startswith(codecs.BOM_UTF8) and not kind.startswith(AS_SENT):
            return body[len(codecs.BOM_UTF8) :]
        return body
