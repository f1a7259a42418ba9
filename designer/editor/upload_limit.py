"""A file upload whose *Largest file* is above what this server accepts.

The server takes no file larger than FORMSEAL_MAX_UPLOAD_BYTES, so the signer's step
tells the smaller limit (runtime.signing.views.upload_cap: 20 MB by default).
An author who typed 50 MB was never told; the field's settings and the publish check now
say it, with the server's limit in words.
"""

import re
from decimal import Decimal
from typing import Any

from litestar import Request

from components.fields import file_limit
from components.fields.attachment import DEFAULT_MAX_SIZE, MAX_SIZE_RULE
from components.fields.file_limit import limit_words, plain


def server_cap(request: Request[Any, Any, Any]) -> int | None:
    """The largest file this server lets a signer upload, or None when unknown."""
    from runtime.signing.views import upload_cap

    settings = getattr(request.app.state, "settings", None)
    return upload_cap(settings) if settings is not None else None


def size_words(count: int) -> str:
    """The server's cap as the signer's hint writes it, rounded down: 20000000 -> "20 MB",
    20971520 (set in bytes) -> "20.9 MB", 524288 -> "524.2 KB"."""
    return file_limit.size_words(count, at_most=True)


def field_size(field: dict[str, Any]) -> int:
    size = (field.get("validation") or {}).get("max_size")
    return size if isinstance(size, int) and not isinstance(size, bool) else DEFAULT_MAX_SIZE


def too_large(field: dict[str, Any], cap: int | None) -> str:
    """What to tell the author of a file upload that asks for more than `cap`, or ""."""
    if not cap or field.get("component") != "attachment" or field_size(field) <= cap:
        return ""
    # the field's limit as signers would read it (0.1 typed: 100 KB), the server's as set
    asked, real = limit_words(field_size(field)), size_words(cap)
    return (
        f"This server accepts files of at most {real}, so signers will be told {real}, "
        f"not {asked}. Lower Largest file to {real} or less, or ask your administrator to "
        "raise the server's limit (the FORMSEAL_MAX_UPLOAD_BYTES setting)."
    )


#: the engine's refusal of a limit stored before 100 MB became the most (components/fields/
#: attachment.py, `check_new_field`)
_ABOVE_MAXIMUM = re.compile(re.escape(MAX_SIZE_RULE) + r"; versions published before with (\d+) ")


def above_maximum(message: str) -> str:
    """That refusal as the author knows the box (the check names it before: "…, Largest
    file (MB): 104.8576 MB (104,857,600 bytes) was allowed before …"); any other message
    as it was."""
    found = _ABOVE_MAXIMUM.match(message)
    if not found:
        return message
    size = int(found.group(1))
    return (
        f"{plain(Decimal(size) / 10**6)} MB ({size:,} bytes) was allowed before 100 MB "
        "became the most a file upload takes: versions published before keep it, but to "
        "publish this one, type 100 or less."
    )
