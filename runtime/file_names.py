"""File names people read in a download: "Service agreement – 3f6c1d2e.pdf" for a sealed
PDF, and the Content-Disposition header that carries any name safely (an ASCII `filename=`
for old clients, RFC 5987 `filename*=UTF-8''…` for the real name when it is not ASCII)."""

import re
import unicodedata
import uuid
from urllib.parse import quote

#: characters no file system or header should get: path separators, Windows' reserved
#: ones, quotes, and control characters (CR/LF would split the header)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\'`;]+')
_SPACES = re.compile(r"\s+")
#: letters that do not decompose into an ASCII letter and an accent
_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})
#: longest name kept before the short id, so the whole name stays well under 255 bytes
_MAX = 80


def safe_file_name(text: str) -> str:
    """`text` without characters unsafe in a file name or a header, spaces folded, trimmed
    of the dots and spaces Windows drops; "" when nothing is left."""
    cleaned = _SPACES.sub(" ", _UNSAFE.sub(" ", unicodedata.normalize("NFC", text)))
    cleaned = cleaned.strip(" .")
    if len(cleaned) > _MAX:
        cleaned = cleaned[:_MAX].rstrip(" .")
    return cleaned


def sealed_pdf_name(
    template_name: str, envelope_id: uuid.UUID | str, *, whole: bool = False
) -> str:
    """ "Service agreement – 3f6c1d2e.pdf": the document's name and the envelope's short id
    (its first 8 characters, as the designer's lists show it; all of it with `whole`)."""
    short = str(envelope_id) if whole else str(envelope_id)[:8]
    name = safe_file_name(template_name)
    return f"{name} – {short}.pdf" if name else f"Sealed document – {short}.pdf"


def draft_pdf_name(template_name: str) -> str:
    """ "Service agreement – draft.pdf": the document a signer reads before signing, saved
    from its tab under the document's name rather than as a bare "draft.pdf"."""
    return f"{safe_file_name(template_name) or 'Document'} – draft.pdf"


def audit_trail_csv_name(template_name: str, envelope_id: uuid.UUID | str) -> str:
    """ "Service agreement – 3f6c1d2e – audit trail.csv": named like the sealed PDF it
    belongs to, so the two sort side by side in a folder."""
    return sealed_pdf_name(template_name, envelope_id).removesuffix(".pdf") + " – audit trail.csv"


def template_export_name(template_name: str, version: int) -> str:
    """ "Service agreement – version 3.json": a template's exported definition."""
    name = safe_file_name(template_name) or "Template"
    return f"{name} – version {version}.json"


def ascii_file_name(name: str) -> str:
    """The nearest ASCII name: accents dropped ("é" -> "e"), dashes made "-", anything else
    not ASCII left out; "download" when nothing is left."""
    dashed = re.sub(r"[\u2010-\u2015\u2212]", "-", name).translate(_LETTERS)
    plain = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode("ascii")
    plain = _SPACES.sub(" ", _UNSAFE.sub(" ", plain)).strip(" -")
    stem, dot, ext = plain.rpartition(".")
    if dot and not stem.strip(" -."):
        return f"download.{ext}"
    return plain or "download"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """`attachment; filename="<ascii>"` and, for a name that is not plain ASCII,
    `; filename*=UTF-8''<percent-encoded>` (RFC 6266 / RFC 5987)."""
    kind = "inline" if inline else "attachment"
    safe = _SPACES.sub(" ", _UNSAFE.sub(" ", name)).strip() or "download"
    fallback = ascii_file_name(safe)
    header = f'{kind}; filename="{fallback}"'
    if fallback != safe:
        header += f"; filename*=UTF-8''{quote(safe, safe='')}"
    return header
