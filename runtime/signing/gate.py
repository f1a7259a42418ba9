"""What every signer request does first: choose the language, load the recipient, and send
them through the identity check and the consent page before the wizard."""

from typing import Any

from litestar import Request
from litestar.response import Redirect, Response

from components.label_names import label_source
from components.wording import set_labels_from
from runtime import i18n
from runtime.envelopes.states import ENVELOPE_FINAL
from runtime.errors import DomainError, NotFound
from runtime.identity.service import is_verified
from runtime.settings import Settings
from runtime.signing import closing, opening, uploads
from runtime.signing.closed import closed_state, closure
from runtime.signing.consent import needs_consent
from runtime.signing.service import SigningContext
from runtime.signing.views import base, upload_cap
from runtime.web import limits


class GateRequired(Exception):
    """The recipient must pass a page first (identity check, consent)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def request_language(request: Request) -> str | None:
    return i18n.negotiate(request.headers.get("accept-language"))


def choose_language(ctx: SigningContext | None, request: Request) -> str:
    """The signer's own choice, else the browser's languages, else the template's."""
    chosen = ctx.recipient.get("language") if ctx else None
    fallback = ctx.definition.language if ctx else None
    return i18n.set_language(
        i18n.supported(chosen) or request_language(request) or i18n.supported(fallback)
    )


async def open_ctx(
    token: str, request: Request, settings: Settings, *, identity: bool = True, consent: bool = True
) -> SigningContext:
    """Load the signer's context; raise GateRequired when a check comes first."""
    choose_language(None, request)
    try:
        ctx = await opening.open_context(token)
    except NotFound:
        await limits.count_failed_link(request, settings)  # 429 once guessing is over budget
        raise
    choose_language(ctx, request)
    # labels in messages are worded as written in the template, in its language
    set_labels_from(label_source(ctx.definition))
    ctx.upload_cap = upload_cap(settings)
    if not ctx.finished:  # the hints say how many more files they may upload
        ctx.upload_room = await uploads.upload_room(settings, ctx)
    request.state.signing_ctx = ctx  # an error page from here on is this link's: its brand
    if closed_state(ctx.envelope) is not None:  # its closed page says why, and when
        request.state.closure = await closure(ctx)
    if ctx.recipient["embed_origin"]:
        request.state.frame_ancestors = await closing.frame_ancestors(ctx)
    check_gates(ctx, request, settings, token, identity=identity, consent=consent)
    return ctx


def check_gates(
    ctx: SigningContext,
    request: Request,
    settings: Settings,
    token: str,
    *,
    identity: bool = True,
    consent: bool = True,
) -> None:
    """Raise GateRequired when the identity check or consent still has to come first."""
    acting = (
        not ctx.finished
        and ctx.recipient["status"] not in ("declined", "skipped", "pending")
        and ctx.envelope["status"] not in ENVELOPE_FINAL
    )
    if identity and acting and not identity_passed(ctx, request, settings):
        raise GateRequired(f"{base(token)}/verify")
    if consent and acting and needs_consent(ctx):
        raise GateRequired(f"{base(token)}/consent")


def identity_passed(ctx: SigningContext, request: Request, settings: Settings) -> bool:
    return ctx.identity == "none" or is_verified(settings, ctx.recipient, dict(request.cookies))


def may_download(ctx: SigningContext) -> bool:
    """A finished recipient, or a cc recipient once the envelope is completed, may download
    the sealed PDF from their link."""
    completed = ctx.envelope["status"] == "completed"
    return ctx.finished or (ctx.recipient["kind"] == "cc" and completed)


def downloading(ctx: SigningContext) -> bool:
    """All this link still offers is the sealed PDF, and it exists: the identity check is
    then passed for the download (gate_controller), not to act."""
    return may_download(ctx) and ctx.envelope["sealed_file"] is not None


def check_download_identity(
    ctx: SigningContext, request: Request, settings: Settings, token: str
) -> None:
    """The sealed PDF holds every party's answers: a link with an identity check asks for it
    in each browser before the download, after signing as before it, so a forwarded
    invitation or "completed" mail does not hand the document to whoever holds it."""
    if not identity_passed(ctx, request, settings):
        raise GateRequired(f"{base(token)}/verify")


def gate_redirect(request: Request, exc: GateRequired) -> Response[Any]:
    if request.headers.get("hx-request"):
        return Response(b"", status_code=200, headers={"HX-Redirect": exc.path})
    return Redirect(exc.path, status_code=303)


TITLES = {
    400: i18n.N_("Something is wrong with the request"),
    404: i18n.N_("Page not found"),
    409: i18n.N_("This cannot be done now"),
    410: i18n.N_("This document is closed"),
    413: i18n.N_("The file is too large"),
    422: i18n.N_("Check your answer"),
    429: i18n.N_("Too many attempts"),
    503: i18n.N_("Too busy right now"),
}


def error_page(request: Request, exc: DomainError) -> Response[Any]:
    from runtime.web.pages import page

    status = exc.status_code
    headers = getattr(exc, "headers", None)  # e.g. Retry-After on 429
    if request.headers.get("hx-request"):
        return Response(exc.detail, status_code=status, media_type="text/plain", headers=headers)
    title = exc.heading or i18n.gettext(TITLES.get(status, i18n.N_("Something went wrong")))
    # a known link (not your turn, already signed, voided…) keeps the brand and theme its
    # other pages show; an unknown one has no organisation to show: formseal's
    ctx = getattr(request.state, "signing_ctx", None)
    response = page(
        "signer/error.html",
        status_code=status,
        title=title,
        detail=exc.detail,
        status=status,
        ctx=ctx,
        closed=getattr(request.state, "closure", None) if status == 410 else None,
    )
    if headers:
        response.headers.update(headers)
    return response
