"""Before the wizard: the identity check, consent to electronic records, the language."""

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from runtime.i18n import gettext as _
from runtime.i18n import ngettext, supported
from runtime.i18n.dates import format_datetime_minutes
from runtime.identity import service as identity
from runtime.settings import Settings
from runtime.signing import consent
from runtime.signing.closing import already_done_url
from runtime.signing.gate import downloading, identity_passed, open_ctx
from runtime.signing.service import SigningContext, ensure_can_act
from runtime.tables import Recipient
from runtime.themes import themed
from runtime.web.pages import client_ip, page, user_agent


def _base(token: str) -> str:
    return f"/s/{token}"


async def _may_verify(ctx: SigningContext) -> None:
    """The check is passed to act, or by a finished (or cc) recipient to download the
    sealed PDF (gate.check_download_identity): the same codes, limits and lock-out."""
    if not downloading(ctx):
        await ensure_can_act(ctx)


def _after_check(ctx: SigningContext, token: str) -> str:
    """Where a passed check leads: the wizard, or the download it was asked for."""
    return f"{_base(token)}/done?download=1" if downloading(ctx) else f"{_base(token)}/"


def _consent_text(ctx: SigningContext, request: Request) -> str:
    if ctx.consent_text.strip():
        return ctx.consent_text.strip()
    engine = request.app.template_engine.engine  # type: ignore[union-attr]
    name = themed("pages/signer/_consent_default.txt", ctx.theme_choice)
    legal_name = ctx.brand.legal_name if ctx.brand else ctx.organisation_name
    # only a recipient with an address is mailed the sealed PDF (runtime/mail/jobs.py)
    text = engine.get_template(name).render(
        organisation=legal_name or _("the sender"), emailed=bool(ctx.recipient.get("email"))
    )
    return "\n\n".join(consent.paragraphs(text))


class SignerGateController(Controller):
    path = "/"
    include_in_schema = False

    # ---- consent -----------------------------------------------------------------------

    @get("/consent")
    async def consent_form(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, consent=False)
        if ctx.finished:  # back to this page after signing: what was done, not a dead end
            return Redirect(already_done_url(token))
        if ctx.recipient["status"] == "declined":  # the page saying they declined, again
            return Redirect(f"{_base(token)}/")
        await ensure_can_act(ctx)
        return self._consent_page(ctx, token, request)

    def _consent_page(
        self, ctx: SigningContext, token: str, request: Request, **extra: Any
    ) -> Template:
        text = _consent_text(ctx, request)
        return page(
            "signer/consent.html",
            status_code=extra.pop("status_code", 200),
            ctx=ctx,
            base=_base(token),
            paragraphs=consent.paragraphs(text),
            version=consent.version(text),
            given=bool(ctx.recipient.get("consent_sha256")),
            errors=extra.pop("errors", {}),
            **extra,
        )

    @post("/consent", status_code=200)
    async def consent_answer(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, consent=False)
        if ctx.finished:  # a consent form sent again after signing (Back, then Continue)
            return Redirect(already_done_url(token), status_code=303)
        if ctx.recipient["status"] == "declined":  # … or after declining: nothing changes
            return Redirect(f"{_base(token)}/", status_code=303)
        await ensure_can_act(ctx)
        answer = str((await request.form()).get("consent") or "")
        text = _consent_text(ctx, request)
        if answer == "yes":
            await consent.give(ctx, text, client_ip(request), user_agent(request))
            return Redirect(f"{_base(token)}/", status_code=303)
        if answer == "no":
            await consent.refuse(ctx, text, client_ip(request), user_agent(request))
            return page("signer/consent_refused.html", ctx=ctx, base=_base(token))
        errors = {"consent": _("Select whether you agree to use electronic records and signatures")}
        return self._consent_page(ctx, token, request, errors=errors, status_code=422)

    # ---- identity ----------------------------------------------------------------------

    @get("/verify")
    async def verify_form(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        await _may_verify(ctx)
        if identity_passed(ctx, request, settings):
            target = f"{_base(token)}/done" if downloading(ctx) else f"{_base(token)}/"
            return Redirect(target, status_code=303)
        return self._verify_page(ctx, token, sent=request.query_params.get("sent") == "1")

    def _verify_page(self, ctx: SigningContext, token: str, **extra: Any) -> Template:
        method = ctx.identity
        destination = (
            identity.mask_email(ctx.recipient["email"])
            if method == "email_code"
            else identity.mask_phone(ctx.recipient["phone"])
        )
        until = identity.locked_until(ctx.recipient)
        return page(
            "signer/verify.html",
            status_code=extra.pop("status_code", 200),
            ctx=ctx,
            base=_base(token),
            method=method,
            destination=destination,
            locked_until=format_datetime_minutes(until)
            if until
            else "",  # "29 November 2026, 05:11 UTC"
            errors=extra.pop("errors", {}),
            sent=extra.pop("sent", False),
            notice=extra.pop("notice", ""),
            downloading=downloading(ctx),
        )

    @post("/verify/send", status_code=200)
    async def send_code(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        await _may_verify(ctx)
        if ctx.identity not in ("email_code", "sms_code"):
            return Redirect(f"{_base(token)}/verify", status_code=303)
        context = {
            "brand": ctx.brand,
            "sender_name": ctx.organisation_name or "formseal",
            "name": ctx.recipient["name"],
            "document": ctx.definition.name,
        }
        sms = _(
            "Your %(org)s code is %%(code)s. It expires in 10 minutes. Do not share it.",
            org=(ctx.organisation_name or "formseal").replace("%", "%%"),
        )
        try:
            await identity.send_code(
                settings,
                ctx.recipient,
                ctx.envelope["organisation"],
                ctx.identity,
                subject_context=context,
                sms_text=sms,
                ip=client_ip(request),
            )
        except identity.IdentityLocked:
            return self._verify_page(ctx, token, status_code=429)
        except identity.CodeNotSent as exc:
            if str(exc) == "too soon":
                message = _(
                    "A code was sent less than 30 seconds ago. Wait a moment, then ask for a new one."
                )
            elif str(exc) == "too many":
                message = _(
                    "Too many codes were sent to you today. Use the last one you received, "
                    "or try again tomorrow."
                )
            else:
                message = _("The code could not be sent. Try again in a few minutes.")
            # beside "Send a new code", what it is about: the code typed is not wrong
            return self._verify_page(
                ctx, token, errors={"resend": message}, sent=True, status_code=429
            )
        return Redirect(f"{_base(token)}/verify?sent=1#input-code", status_code=303)

    @post("/verify", status_code=200)
    async def check(self, token: str, request: Request, settings: Settings) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        await _may_verify(ctx)
        code = str((await request.form()).get("code") or "")[:200]
        if not code.strip():
            field = (
                _("Enter the code") if ctx.identity != "access_code" else _("Enter the access code")
            )
            return self._verify_page(ctx, token, errors={"code": field}, sent=True, status_code=422)
        ip, agent = client_ip(request), user_agent(request)
        org = ctx.envelope["organisation"]
        try:
            if ctx.identity == "access_code":
                result = await identity.check_access_code(
                    settings, ctx.recipient, org, code, ip=ip, user_agent=agent
                )
            else:
                result = await identity.check_code(
                    settings, ctx.recipient, org, ctx.identity, code, ip=ip, user_agent=agent
                )
        except identity.IdentityLocked:
            return self._verify_page(ctx, token, status_code=429)
        if result.ok:
            response = Redirect(_after_check(ctx, token), status_code=303)
            response.set_cookie(
                Cookie(
                    key=identity.cookie_name(ctx.recipient),
                    value=identity.cookie_value(settings, ctx.recipient),
                    path="/s/",
                    max_age=identity.COOKIE_HOURS * 3600,
                    httponly=True,
                    secure=settings.secure_cookies,
                    samesite="lax",
                )
            )
            return response
        if result.locked_until:
            ctx.recipient["identity_locked_until"] = result.locked_until
            return self._verify_page(ctx, token, status_code=429)
        if result.expired:
            message = _("The code has expired. Ask for a new code.")
        elif ctx.identity == "access_code":
            message = ngettext(
                "The access code is not right. You have %(num)s more try.",
                "The access code is not right. You have %(num)s more tries.",
                result.attempts_left,
            )
        else:
            message = ngettext(
                "The code is not right. You have %(num)s more try.",
                "The code is not right. You have %(num)s more tries.",
                result.attempts_left,
            )
        return self._verify_page(ctx, token, errors={"code": message}, sent=True, status_code=422)

    # ---- language ----------------------------------------------------------------------

    @post("/language", status_code=200)
    async def language(self, token: str, request: Request, settings: Settings) -> Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        form = await request.form()
        chosen = supported(str(form.get("language") or ""))
        if chosen:
            await Recipient.update({Recipient.language: chosen}).where(
                Recipient.id == ctx.recipient["id"]
            )
        back = str(form.get("return") or "")
        target = (
            back
            if back.startswith(f"{_base(token)}/") and "//" not in back[3:]
            else f"{_base(token)}/"
        )
        return Redirect(target, status_code=303)
