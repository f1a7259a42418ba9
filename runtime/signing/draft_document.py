"""The document as it stands, for the signer to read before signing (a PDF marked DRAFT).

A signer is asked to accept terms that live in the document blocks, not in the wizard's
questions; without this the clauses were first seen in the sealed PDF, after signing.
The draft has the answers given so far (drafts and computed values included, hidden
fields left out) and empty signature lines: nothing in it looks signed.
"""

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from components import get_component
from components.computed import compute_values
from runtime.branding.resolve import with_logo_inlined
from runtime.envelopes.document import build_blocks
from runtime.errors import DomainError
from runtime.i18n import N_, use_language
from runtime.i18n import gettext as _
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.inputs import SealInput
from runtime.sealing.render import render_document
from runtime.sealing.verify import DRAFT_KEY
from runtime.settings import Settings
from runtime.signing.service import SigningContext
from runtime.tables import TemplateVersion

MAX_PAGES = 100
SIGNING_MARKS = frozenset({"signature", "initials", "stamp"})
UNANSWERED = "__________"  # a merge field not answered yet reads as a blank to fill
#: drafts rendered at once by one web process (WeasyPrint is CPU-bound: one link holder
#: reloading the PDF must not take the process from every other signer)
RENDER_SLOTS = 2
#: how long a request waits for a slot before it is answered 503 "try again"
RENDER_WAIT_SECONDS = 5.0
BUSY = N_(
    "Many documents are being prepared right now, so yours could not be made. Your answers "
    "are saved: wait a few seconds, then reload this page."
)


class RendererBusy(DomainError):
    """Every render slot stayed taken for RENDER_WAIT_SECONDS."""

    status_code = 503
    title = "Service unavailable"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": "5"}


_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def render_slot() -> AsyncIterator[None]:
    """Hold one of the process's RENDER_SLOTS (one semaphore per event loop), or raise
    RendererBusy after waiting RENDER_WAIT_SECONDS."""
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(RENDER_SLOTS)
    try:
        await asyncio.wait_for(slots.acquire(), RENDER_WAIT_SECONDS)
    except TimeoutError:
        raise RendererBusy(_(BUSY)) from None
    try:
        yield
    finally:
        slots.release()


def draft_answers(ctx: SigningContext) -> dict[str, Any]:
    """What the draft shows: answers so far, computed values, and no signatures."""
    answers = ctx.preview_data()
    answers.update(compute_values(ctx.definition, answers))
    return {
        key: value
        for key, value in answers.items()
        if (f := ctx.definition.field(key)) is None
        or ((c := get_component(f.component)) is not None and c.name not in SIGNING_MARKS)
    }


async def draft_pdf(settings: Settings, ctx: SigningContext) -> bytes:
    """The document pages for the answers so far, watermarked DRAFT, rendered in a thread."""
    answers = draft_answers(ctx)
    brand = await with_logo_inlined(settings, ctx.brand) if ctx.brand else None
    version = (
        await TemplateVersion.select(TemplateVersion.number)
        .where(TemplateVersion.id == ctx.envelope["template_version"])
        .first()
    )
    seal_input = SealInput(
        envelope_id=str(ctx.envelope["id"]),
        template_name=ctx.definition.name,
        template_version=version["number"] if version else 0,
        version_sha256="",
        language=ctx.definition.language,
        blocks=build_blocks(
            ctx.definition,
            answers,
            [{**ctx.recipient, "completed_at": None}],
            unanswered=UNANSWERED,
        ),
        answers=answers,
        verify_url="",
        organisation_name=ctx.organisation_name or "formseal",
        brand=brand,
        template_slug=ctx.theme_choice.template_slug if ctx.theme_choice else "",
    )
    themes_dir, theme = settings.themes_dir, settings.theme
    with use_language(ctx.definition.language):  # the document's language, not the page's
        watermark = _("DRAFT")
    html = build_document_html(seal_input, themes_dir=themes_dir, theme=theme, watermark=watermark)
    folder = assets_dir(seal_input, themes_dir=themes_dir, theme=theme)
    async with render_slot():
        return await asyncio.to_thread(_render_draft, html, folder)


def _render_draft(html: str, folder: Path) -> bytes:
    """The PDF, marked a draft in its document information (`/FormsealDraft`, read by
    verification): /verify and `formseal verify` say it is the draft made before signing,
    not the sealed document, rather than only "no seal"."""
    document = render_document(html, assets_dir=folder, max_pages=MAX_PAGES)
    document.metadata.custom = {DRAFT_KEY[1:]: "Made before signing: not the sealed document"}
    return document.write_pdf(custom_metadata=True)
