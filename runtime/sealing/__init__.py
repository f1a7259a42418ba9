"""Sealing: render a completed envelope to PDF, add the audit certificate, sign it.

Pure functions over plain data (SealInput in, bytes out) so they can run in a process pool.
The pipeline is pipeline.py; keys, signing and verification have their own modules.

Names are imported from their module on first use (PEP 562): WeasyPrint and pyHanko take
over a second to load, and importing `runtime.sealing.inputs` or the `formseal` command
line must not pay for them (tests/unit/test_cli_imports.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .inputs import SealAttachment, SealingError, SealInput, SealOptions, SealStage
    from .keys import SealingIdentity, ensure_sealing_identity, trust_roots
    from .pipeline import SEAL_STAGES, SealResult, seal_document
    from .sign import sign_pdf
    from .timestamps import timestamp_roots
    from .verify import VerificationReport, verify_pdf

_MODULE_OF = {
    "SealAttachment": "inputs",
    "SealingError": "inputs",
    "SealInput": "inputs",
    "SealOptions": "inputs",
    "SealStage": "inputs",
    "SealingIdentity": "keys",
    "ensure_sealing_identity": "keys",
    "trust_roots": "keys",
    "SEAL_STAGES": "pipeline",
    "SealResult": "pipeline",
    "seal_document": "pipeline",
    "sign_pdf": "sign",
    "timestamp_roots": "timestamps",
    "VerificationReport": "verify",
    "verify_pdf": "verify",
}

__all__ = [
    "SEAL_STAGES",
    "SealAttachment",
    "SealStage",
    "SealInput",
    "SealOptions",
    "SealResult",
    "SealingError",
    "SealingIdentity",
    "VerificationReport",
    "ensure_sealing_identity",
    "seal_document",
    "sign_pdf",
    "timestamp_roots",
    "trust_roots",
    "verify_pdf",
]


if not TYPE_CHECKING:  # mypy sees the imports above; at run time names load on first use

    def __getattr__(name: str) -> Any:
        module = _MODULE_OF.get(name)
        if module is None:  # `from runtime.sealing import keys` then imports the submodule
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value
