"""What a file really is, decided by its first bytes (never by its name or the browser).

Returns a media type and the extension formseal files it under, or None for anything not
recognised. HTML, SVG and scripts are never recognised, so they can never be accepted as
an image or a document, whatever they are called.
"""

import io
import zipfile
from typing import BinaryIO

#: media type -> the extension used when checking the author's accepted types
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/tiff": ".tif",
    "image/heic": ".heic",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
}
_TEXT_SAMPLE = 65536
_MARKUP = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<body", b"<head", b"<iframe")


def sniff(data: bytes) -> str | None:
    head = data[:64]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return "image/heic"
    if head.startswith(b"PK\x03\x04"):
        return _office(data)
    return _text(data)


def sniff_file(file: BinaryIO) -> str | None:
    """`sniff` for an upload spooled to a file: reads its first bytes, and for a zip its
    central directory (at the end) by seeking, never the whole file."""
    file.seek(0)
    head = file.read(_TEXT_SAMPLE + 1)
    if head.startswith(b"PK\x03\x04"):
        return _office(file)
    return sniff(head)  # a longer file than the sample is judged by the sample, as sniff does


def _office(data: bytes | BinaryIO) -> str | None:
    """Office files are zips: only the list of names is read, nothing is decompressed
    except ODF's tiny stored `mimetype` entry."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist()[:5000])
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            odt = b"application/vnd.oasis.opendocument.text"
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            if small and archive.read("mimetype") == odt:
                return odt.decode()
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    return None


def _text(data: bytes) -> str | None:
    """Plain UTF-8 text without control characters and without markup."""
    sample = data[:_TEXT_SAMPLE]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        if len(data) <= len(sample):
            return None
        try:  # the sample may end inside a character
            text = sample[:-4].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        return None
    if any(marker in sample.lower() for marker in _MARKUP):
        return None
    return "text/plain"
