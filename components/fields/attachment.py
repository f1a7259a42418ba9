"""An attachment request: the signer uploads files; the value is a list of file references.

Each reference is {"file_id", "name", "size", "sha256", "content_type"}: the engine stores
the upload and hands the reference to this component, which checks what the author asked
for in `validation`: `accept` (extensions like ".pdf" or media types like "image/*"; default
PDF, JPG and PNG), `max_size` in bytes per file (default 10 MB), `min_files` and `max_files`
(default 1). The engine calls `check_file` before storing an upload, so a wrong file is
refused before it takes space.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from components.errors import FieldError
from components.fields._settings import check_int, check_range, label_of, plural
from components.fields.file_limit import limit_words, size_words
from components.registry import Component, register
from components.wording import asks_for

DEFAULT_ACCEPT = (".pdf", ".jpg", ".jpeg", ".png")
DEFAULT_MAX_SIZE = 10 * 1024 * 1024
#: the most `max_size` may be: 100 MB of 1,000,000 bytes, the top of the designer's *Largest
#: file (MB)* box; the API and imports are held to the same figure
LIMIT_MAX_SIZE = 100_000_000
#: what releases before took (100 MB of 1,048,576 bytes, from the API and the box when it
#: counted 1,024s): a version stored with up to this still loads and runs as published (its
#: signers read "100 MB"), but a new version must keep to LIMIT_MAX_SIZE
STORED_MAX_SIZE = 100 * 1024 * 1024
#: how a `max_size` out of bounds is refused, naming the limit in bytes and in words
MAX_SIZE_RULE = "must be a whole number of bytes from 1 to 100000000 (100 MB)"
LIMIT_FILES = 50
_MEDIA_TYPES = {
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".gif": {"image/gif"},
    ".heic": {"image/heic", "image/heif"},
    ".tif": {"image/tiff"},
    ".tiff": {"image/tiff"},
    ".txt": {"text/plain"},
    ".csv": {"text/csv", "text/plain"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ".odt": {"application/vnd.oasis.opendocument.text"},
}
_ACCEPT_ITEM = re.compile(r"^(?:\.[a-z0-9]{1,10}|[a-z]+/(?:\*|[a-z0-9.+-]+))$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FILE_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def accepted_types(field: Any) -> list[str]:
    accept = field.validation.get("accept")
    return [str(a).lower() for a in accept] if isinstance(accept, list) else list(DEFAULT_ACCEPT)


def accept_attribute(field: Any) -> str:
    """The value for the HTML input's `accept` attribute."""
    return ",".join(accepted_types(field))


def max_size(field: Any) -> int:
    size = field.validation.get("max_size")
    return size if isinstance(size, int) and not isinstance(size, bool) else DEFAULT_MAX_SIZE


def describe_types(field: Any, joined: Callable[[list[str]], str] | None = None) -> str:
    """ ".pdf", ".jpg", "image/*" -> "PDF, JPG or image"; `joined` words the list in the
    reader's language instead ("PDF, JPG ou image")."""
    names: list[str] = []
    for item in accepted_types(field):
        name = item.lstrip(".").upper() if item.startswith(".") else item.split("/")[-1].upper()
        if item.endswith("/*"):
            name = item.split("/")[0]
        if item == ".jpeg" and "JPG" in names:
            continue
        if name not in names:
            names.append(name)
    if joined is not None:
        return joined(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def is_accepted(field: Any, name: str, content_type: str) -> bool:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    media = content_type.split(";")[0].strip().lower()
    for item in accepted_types(field):
        if item.startswith("."):
            if suffix == item and (item not in _MEDIA_TYPES or media in _MEDIA_TYPES[item]):
                return True
        elif item.endswith("/*"):
            if media.startswith(item[:-1]):
                return True
        elif media == item:
            return True
    return False


def check_file(field: Any, name: str, content_type: str, size: int) -> None:
    """Refuse a single upload the author did not ask for (type, size, empty)."""
    if not is_accepted(field, name, content_type):
        raise FieldError(f"The selected file must be a {describe_types(field)}")
    if size <= 0:
        raise FieldError("The selected file is empty")
    limit = max_size(field)
    if size > limit:
        raise FieldError(f"The selected file must be smaller than {limit_words(limit)}")


def _size(count: int) -> str:
    """An uploaded file's size in the answers and the sealed PDF, as the signer's pages
    word it: 2621440 -> "2.6 MB" (MB of 1,000,000 bytes); 1536 -> "1.5 KB"; 900 bytes."""
    return size_words(count)


def _reference(raw: Any) -> dict[str, Any]:
    unreadable = FieldError("A file could not be read; remove it and upload it again")
    if not isinstance(raw, Mapping):
        raise unreadable
    file_id, name, sha = raw.get("file_id"), raw.get("name"), raw.get("sha256")
    size, content_type = raw.get("size"), raw.get("content_type")
    if not (isinstance(file_id, str) and _FILE_ID.match(file_id)):
        raise unreadable
    if not isinstance(name, str) or not name.strip() or not isinstance(content_type, str):
        raise unreadable
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise unreadable
    if not (isinstance(sha, str) and _SHA256.match(sha)):
        raise unreadable
    name = re.split(r"[\\/]", name.strip())[-1][:255]
    return {
        "file_id": file_id,
        "name": name,
        "size": size,
        "sha256": sha,
        "content_type": content_type.split(";")[0].strip().lower(),
    }


class AttachmentComponent(Component):
    prefillable = False
    name = "attachment"
    macro = "attachment"
    value_type = "list"
    validation_keys = frozenset({"accept", "max_size", "min_files", "max_files"})

    def clean(self, raw: Any, field: Any) -> Any:
        if raw is None or raw == "" or raw == []:
            return None
        items = [raw] if isinstance(raw, Mapping) else raw
        if not isinstance(items, list):
            raise FieldError("A file could not be read; remove it and upload it again")
        files = [_reference(item) for item in items]
        for ref in files:
            check_file(field, ref["name"], ref["content_type"], ref["size"])
        low = field.validation.get("min_files", 0)
        high = field.validation.get("max_files", 1)
        if isinstance(high, int) and len(files) > high:
            raise FieldError(f"Upload no more than {plural(high, 'file')}")
        if isinstance(low, int) and len(files) < low:
            raise FieldError(f"Upload at least {plural(low, 'file')}")
        return files

    def missing_message(self, field: Any) -> str:
        return asks_for(label_of(field), "Upload {label}", "Upload a file to answer “{label}”")

    def display(self, value: Any, field: Any = None) -> str:
        if not value:
            return ""
        return ", ".join(f"{ref['name']} ({_size(ref['size'])})" for ref in value)

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        accept = field.validation.get("accept")
        if accept is not None and (
            not isinstance(accept, list)
            or not accept
            or not all(isinstance(a, str) and _ACCEPT_ITEM.match(a.lower()) for a in accept)
        ):
            yield (
                "validation.accept",
                'must be a list of extensions or media types, like [".pdf", "image/*"]',
            )
        size = field.validation.get("max_size")
        if size is not None and not (
            isinstance(size, int) and not isinstance(size, bool) and 1 <= size <= STORED_MAX_SIZE
        ):
            yield "validation.max_size", MAX_SIZE_RULE
        yield from check_int(field, "min_files", 0, LIMIT_FILES)
        yield from check_int(field, "max_files", 1, LIMIT_FILES)
        yield from check_range(field, "min_files", "max_files")

    def check_new_field(self, field: Any) -> Iterator[tuple[str, str]]:
        size = field.validation.get("max_size")
        if isinstance(size, int) and not isinstance(size, bool) and size > LIMIT_MAX_SIZE:
            yield (
                "validation.max_size",
                f"{MAX_SIZE_RULE}; versions published before with {size} keep it, but "
                "a new version cannot have it",
            )


attachment = register(AttachmentComponent())
