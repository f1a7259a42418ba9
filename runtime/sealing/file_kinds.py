"""What kind of file an attachment is, in words people read ("Word document (.docx)"),
for the sealed PDF's attachment pages and certificate: never a raw media type like
application/vnd.openxmlformats-officedocument.wordprocessingml.document."""

from runtime.i18n import N_, gettext

#: the media types a signer's upload can have (runtime/signing/sniff.py) -> their words
KINDS = {
    "application/pdf": N_("PDF document (.pdf)"),
    "image/png": N_("PNG image (.png)"),
    "image/jpeg": N_("JPEG image (.jpg)"),
    "image/gif": N_("GIF image (.gif)"),
    "image/tiff": N_("TIFF image (.tif)"),
    "image/heic": N_("HEIC photo (.heic)"),
    "text/plain": N_("Text file (.txt)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": N_(
        "Word document (.docx)"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": N_(
        "Excel spreadsheet (.xlsx)"
    ),
    "application/vnd.oasis.opendocument.text": N_("OpenDocument text (.odt)"),
}


def file_kind(content_type: str, name: str) -> str:
    """The kind of file in the current language: known media types by name, anything else
    by its file name's extension ("ZIP file (.zip)"), else "File of unknown type"."""
    words = KINDS.get((content_type or "").split(";")[0].strip().lower())
    if words:
        return gettext(words)
    stem, dot, extension = (name or "").rpartition(".")
    extension = extension.strip()
    if dot and stem and extension and extension.isalnum() and len(extension) <= 10:
        return gettext(
            "%(name)s file (%(extension)s)",
            name=extension.upper(),
            extension=f".{extension.lower()}",
        )
    return gettext("File of unknown type")
