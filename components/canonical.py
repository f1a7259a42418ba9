"""Canonical JSON: the byte form a definition is hashed and compared in."""

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: equal data gives equal bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def definition_sha256(value: Any) -> str:
    """The hash recorded with every TemplateVersion and printed in the audit certificate."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
