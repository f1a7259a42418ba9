"""Sealing: render a completed envelope to PDF, add the audit certificate, sign it.

Pure functions over plain data (SealInput in, bytes out) so they can run in a process pool.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from .assemble import assemble as _assemble
from .document import build_audit_html, build_document_html
from .inputs import SealingError, SealInput
from .keys import SealingIdentity, ensure_sealing_identity, trust_roots
from .render import render_pdf
from .sign import sign_pdf
from .verify import VerificationReport, verify_pdf

__all__ = [
    "SealInput",
    "SealResult",
    "SealingError",
    "SealingIdentity",
    "VerificationReport",
    "ensure_sealing_identity",
    "seal_document",
    "sign_pdf",
    "trust_roots",
    "verify_pdf",
]


@dataclass(frozen=True)
class SealResult:
    pdf: bytes
    sha256: str  # of the sealed file
    document_sha256: str  # of the rendered document pages, before the audit page


_identities: dict[tuple[str, str], SealingIdentity] = {}
_identities_lock = threading.Lock()


def _identity(keys_dir: Path, organisation_name: str) -> SealingIdentity:
    """Load keys once per worker process, not once per envelope."""
    key = (str(Path(keys_dir).resolve()), organisation_name)
    with _identities_lock:
        if key not in _identities:
            _identities[key] = ensure_sealing_identity(Path(keys_dir), organisation_name)
        return _identities[key]


def seal_document(
    seal_input: SealInput, *, keys_dir: Path, themes_dir: Path, theme: str = "default"
) -> SealResult:
    """Render, hash the document pages, add the audit certificate, attach answers, sign."""
    identity = _identity(keys_dir, seal_input.organisation_name)
    identity.check_usable()  # fail before the expensive rendering
    assets_dir = Path(themes_dir) / theme
    document_pdf = render_pdf(
        build_document_html(seal_input, themes_dir=themes_dir, theme=theme), assets_dir=assets_dir
    )
    document_sha256 = hashlib.sha256(document_pdf).hexdigest()
    pages = len(PdfReader(BytesIO(document_pdf)).pages)
    audit_html = build_audit_html(
        seal_input, document_sha256, themes_dir=themes_dir, theme=theme, document_pages=pages
    )
    audit_pdf = render_pdf(audit_html, assets_dir=assets_dir)
    sealed = sign_pdf(_assemble(document_pdf, audit_pdf, seal_input), identity)
    return SealResult(sealed, hashlib.sha256(sealed).hexdigest(), document_sha256)
