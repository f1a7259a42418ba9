"""Say in words what an update appended after the seal changed (SECURITY.md item 5).

The sealed revision is the file up to the end of the seal's byte range; anything after it
is an incremental update. Both are read with pypdf and compared: pages, signature fields,
annotations, page content and the document information. This only explains a finding the
signature check has already made; it never decides validity.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

MAX_PAGES_COMPARED = 500
MAX_DEPTH = 6


def describe_changes(data: bytes, signed_length: int) -> list[str]:
    """Plain sentences, most telling first; [] when nothing could be read."""
    if signed_length <= 0 or signed_length >= len(data):
        return []
    try:
        before = PdfReader(BytesIO(data[:signed_length]), strict=False)
        after = PdfReader(BytesIO(data), strict=False)
        return _compare(before, after)
    except Exception:
        return []


def _compare(before: PdfReader, after: PdfReader) -> list[str]:
    found: list[str] = []
    sealed_pages, pages_now = len(before.pages), len(after.pages)
    if pages_now > sealed_pages:
        added = pages_now - sealed_pages
        found.append(  # whole sentences, each translated by the /verify page
            f"{added} pages were added after sealing ({sealed_pages} sealed, {pages_now} now)."
            if added != 1
            else f"1 page was added after sealing ({sealed_pages} sealed, {pages_now} now)."
        )
    elif pages_now < sealed_pages:
        found.append(f"Pages were removed after sealing ({sealed_pages} sealed, {pages_now} now).")
    new_fields = sorted(_signature_fields(after) - _signature_fields(before))
    if new_fields:
        names = ", ".join(repr(n) for n in new_fields[:3])
        found.append(f"A new signature field ({names}) was added after sealing.")
    for number in range(min(sealed_pages, pages_now, MAX_PAGES_COMPARED)):
        old, new = before.pages[number], after.pages[number]
        if _fingerprint(old.get("/Annots")) != _fingerprint(new.get("/Annots")):
            found.append(
                f"An annotation on page {number + 1} (a link, comment, form value or stamp) "
                "was added, removed or changed after sealing."
            )
        if _content(old) != _content(new):
            found.append(
                f"The content of page {number + 1} was changed after sealing (text or an "
                "overlay drawn over it)."
            )
    if _fingerprint(before.trailer.get("/Info")) != _fingerprint(after.trailer.get("/Info")):
        found.append(
            "The document information (title, author or envelope id) was changed after sealing."
        )
    if not found:
        found.append("Objects in the file were changed or added in an update after sealing.")
    return found


def _signature_fields(reader: PdfReader) -> set[str]:
    fields = reader.get_fields() or {}
    return {name for name, field in fields.items() if field.get("/FT") == "/Sig"}


def _content(page: Any) -> str:
    contents = page.get_contents()
    return hashlib.sha256(contents.get_data()).hexdigest() if contents is not None else ""


def _fingerprint(value: Any, depth: int = 0) -> Any:
    """A comparable form of a PDF object; pages are cut off by reference (no /P loops)."""
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(value, IndirectObject):
        obj = value.get_object()
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Page":
            return ("page", value.idnum)
        return _fingerprint(obj, depth + 1)
    if isinstance(value, StreamObject):
        return ("stream", hashlib.sha256(value.get_data()).hexdigest())
    if isinstance(value, DictionaryObject):
        return tuple(
            sorted((str(k), _fingerprint(v, depth + 1)) for k, v in value.items() if str(k) != "/P")
        )
    if isinstance(value, ArrayObject):
        return tuple(_fingerprint(v, depth + 1) for v in value)
    return repr(value)
