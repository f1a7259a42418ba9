"""The sealing pipeline: render a completed envelope to PDF, add the audit certificate, sign.

Pure functions over plain data (SealInput in, bytes out) so they can run in a process pool.
Loads WeasyPrint and pyHanko: import it where a seal is made, not at start.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from runtime.i18n import use_language

from .assemble import answers_attachment, finisher, set_metadata
from .attachments import build_attachment_html, finish, place, prepare_attachments
from .document import assets_dir as theme_assets_dir
from .document import build_audit_html, build_document_html, document_digest
from .inputs import SealInput, SealOptions, SealStage
from .keys import SealingIdentity, ensure_sealing_identity, keys_signature
from .render import MAX_PAGES, render_deadline, render_document, write_documents
from .sign import sign_pdf
from .timestamps import get_timestamper, remember_tsa_certs, timestamp_roots


@dataclass(frozen=True)
class SealResult:
    pdf: bytes
    sha256: str  # of the sealed file
    document_sha256: str  # of the document's content (document_digest), printed on the audit page


_identities: dict[tuple[str, str], tuple[tuple, SealingIdentity]] = {}
_identities_lock = threading.Lock()


def _identity(keys_dir: Path, organisation_name: str) -> SealingIdentity:
    """Load keys once per worker process, and again only when the key files change.

    The keys are the installation's, shared by its organisations: keys a seal has to make
    (after a rotation by hand) are named as `formseal serve` names them, never after the
    organisation whose envelope happened to come first; that organisation's name goes only
    into this seal's signature (`/Name`, location)."""
    key = (str(Path(keys_dir).resolve()), organisation_name)
    with _identities_lock:
        signature = keys_signature(Path(keys_dir))
        cached = _identities.get(key)
        if cached is None or cached[0] != signature:
            identity = replace(
                ensure_sealing_identity(Path(keys_dir)), organisation_name=organisation_name
            )
            _identities[key] = (keys_signature(Path(keys_dir)), identity)
        return _identities[key][1]


SEAL_STAGES = (
    "document html",
    "document layout",
    "attachments",
    "certificate",
    "write pdf",
    "sign",
)


@contextmanager
def _timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    """Add the CPU time of the block to ``timings[stage]`` (benchmarks; load-independent)."""
    if timings is None:
        yield
        return
    start = time.process_time()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.process_time() - start


def seal_document(
    seal_input: SealInput,
    *,
    keys_dir: Path,
    themes_dir: Path,
    theme: str = "default",
    options: SealOptions | None = None,
    timings: dict[str, float] | None = None,
) -> SealResult:
    """Render the document, its attachments and the audit certificate, embed files, sign.

    With ``timings``, the CPU seconds of each stage (SEAL_STAGES) are added to it.
    """
    options = options or SealOptions()
    identity = _identity(keys_dir, seal_input.organisation_name)
    identity.check_usable()  # fail before the expensive rendering
    assets_dir = theme_assets_dir(seal_input, themes_dir=themes_dir, theme=theme)
    with _timed(timings, "document html"):
        document_sha256 = document_digest(seal_input)
        html = build_document_html(seal_input, themes_dir=themes_dir, theme=theme)
    # Layout and PDF writing stop at the deadline (RenderTimeout): a hostile or huge
    # document fails its seal job with a reason instead of holding a seal process.
    with render_deadline(options.render_seconds):
        with _timed(timings, "document layout"):
            document = render_document(html, assets_dir=assets_dir)
        with _timed(timings, "attachments"):
            with use_language(seal_input.language):  # the notes of files not shown
                shown = prepare_attachments(seal_input.attachments, MAX_PAGES - len(document.pages))
            shown_pages = []
            for entry in shown:
                if entry.kind != "pdf":
                    html = build_attachment_html(
                        seal_input, entry, themes_dir=themes_dir, theme=theme
                    )
                    page = render_document(html, assets_dir=assets_dir)
                    entry.pages = len(page.pages)
                    shown_pages.append(page)
            attachment_pages = place(shown, len(document.pages))
        with _timed(timings, "certificate"):
            audit_html = build_audit_html(
                seal_input,
                document_sha256,
                themes_dir=themes_dir,
                theme=theme,
                document_pages=len(document.pages),
                attachments=shown,
                attachment_pages=attachment_pages,
            )
            audit = render_document(audit_html, assets_dir=assets_dir)
        with _timed(timings, "write pdf"):
            created = datetime.now(UTC)
            set_metadata(document, seal_input, created)
            pdf = write_documents(
                [document, *shown_pages, audit],
                finisher=finisher(seal_input, created),
                attachments=[answers_attachment(seal_input)],
            )
            if shown:
                pdf = finish(pdf, shown, seal_input)
    with _timed(timings, "sign"):
        stages = seal_input.stages if seal_input.stage_signatures else []
        sealed = _sign(pdf, identity, options, keys_dir, stages)
    return SealResult(sealed, hashlib.sha256(sealed).hexdigest(), document_sha256)


def _sign(
    pdf: bytes,
    identity: SealingIdentity,
    options: SealOptions,
    keys_dir: Path,
    stages: list[SealStage],
) -> bytes:
    timestamper = get_timestamper(options)
    tsa_roots = None
    if timestamper is not None and identity.revocation_urls and options.ltv:
        # B-LT validates the TSA's certificate too: learn it before building the context.
        asyncio.run(timestamper.async_dummy_response("sha256"))
        tsa_roots = [
            *timestamp_roots(keys_dir, options.tsa_ca_file),
            *([] if options.tsa_ca_file else timestamper.seen_certs.values()),
        ]
    sealed = sign_pdf(
        pdf, identity, options, timestamper=timestamper, tsa_roots=tsa_roots, stages=stages
    )
    if timestamper is not None and not options.tsa_ca_file:
        _remember(keys_dir, timestamper.seen_certs)
    return sealed


_remembered: set[tuple[str, bytes]] = set()


def _remember(keys_dir: Path, seen: dict[bytes, object]) -> None:
    """Trust on first use of the TSA's certificates (see timestamps.py)."""
    folder = str(Path(keys_dir).resolve())
    new = {fp: cert for fp, cert in seen.items() if (folder, fp) not in _remembered}
    if new:
        remember_tsa_certs(Path(keys_dir), new.values())  # type: ignore[arg-type]
        _remembered.update((folder, fp) for fp in new)
