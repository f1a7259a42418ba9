"""Your account's two-step verification (/designer/account/two-step): turn it on with an
authenticator app, get new recovery codes, turn it off (designer/accounts/two_step.py).

Turning it on shows a QR code and the secret, and asks for a code from the app before it
counts; the ten recovery codes are then shown once. Turning it off needs the password and
a code, and getting new recovery codes a code: wrong ones count towards the sign-in's
lock-out (service.py), so a stolen session cannot guess the password here either.
"""

import asyncio
import base64
import datetime as dt
import io

import qrcode
from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import service, two_step
from designer.accounts.account_controller import account_page
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.passwords import verify_password
from designer.accounts.two_step_login import USED_CODE
from designer.tables import DesignerSession, DesignerUser
from designer.web import form_data, page, text
from runtime import audit
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.web.pages import client_ip

ACCOUNT = "/designer/account"
LOCKED = "/designer/login?locked=1"
WRONG_SETUP_CODE = (
    "That code is not right. Enter the 6 digits your app shows for formseal now; if it "
    "still fails, check that your phone's clock is set automatically."
)
WRONG_CODE = "That code is not right. Enter the 6 digits your app shows now, or a recovery code."
NOT_YOUR_PASSWORD = "That is not your password. Enter the password you sign in with."  # noqa: S105
SSO_ONLY = (
    "You sign in with single sign-on only, so two-step verification is up to your "
    "organisation's sign-in provider, not formseal."
)


def qr_data_uri(uri: str) -> str:
    """The setup URI as a PNG QR code in a data: URI (no outside request; CSP img-src data:)."""
    image = qrcode.make(uri, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


async def _setup_page(
    settings: Settings, user: CurrentUser, error: str = "", status_code: int = 200
) -> Template | Redirect:
    row = await DesignerUser.select(DesignerUser.totp_pending).where(DesignerUser.id == user.id)
    if not row or not row[0]["totp_pending"]:
        return Redirect(ACCOUNT, status_code=303)
    try:
        secret = two_step.decrypt(settings, user.id, row[0]["totp_pending"])
    except two_step.SecretUnreadable:
        return Redirect(ACCOUNT, status_code=303)
    return page(
        "two_step_setup.html",
        user,
        status_code=status_code,
        nav="account",
        qr=qr_data_uri(two_step.setup_uri(secret, user.email)),
        secret=two_step.grouped(secret),
        error=error,
    )


def _codes_page(user: CurrentUser, codes: list[str], first: bool) -> Template:
    return page("two_step_codes.html", user, nav="account", codes=codes, first=first)


async def _user(user: CurrentUser) -> DesignerUser:
    row = await DesignerUser.objects().where(DesignerUser.id == user.id).first()
    assert row is not None  # the session's user exists
    return row


async def _wrong(settings: Settings, row: DesignerUser, request: Request, action: str) -> bool:
    """Count one wrong password or code like a sign-in's; True when it locked the account
    (its sessions, this one too, have ended)."""
    now = utcnow()
    lockout = dt.timedelta(minutes=settings.designer_lockout_minutes)
    await service.count_failure(settings, row, client_ip(request), now, lockout, action=action)
    locked = await DesignerUser.select(DesignerUser.locked_until).where(DesignerUser.id == row.id)
    return bool(locked and locked[0]["locked_until"])


def _message(outcome: str) -> str:
    if outcome == "used":
        return USED_CODE
    if outcome == "unreadable":
        return (
            "Codes from your app cannot be checked: the server's secret key has changed. "
            "Enter one of your recovery codes instead."
        )
    return WRONG_CODE


class TwoStepController(Controller):
    path = "/account/two-step"
    guards = [requires_role("viewer")]  # everyone: it changes only the signed-in user

    @get("/")
    async def setup(self, current_user: CurrentUser, settings: Settings) -> Template | Redirect:
        return await _setup_page(settings, current_user)

    @post("/start")
    async def start(self, current_user: CurrentUser, settings: Settings) -> Template | Redirect:
        state = await two_step.status(current_user.id)
        if state.on:
            return Redirect(ACCOUNT, status_code=303)
        if not state.has_password:
            return await account_page(current_user, error=SSO_ONLY, target="two-step-heading")
        pending = two_step.encrypt(settings, current_user.id, two_step.new_secret())
        await DesignerUser.update({DesignerUser.totp_pending: pending}).where(
            DesignerUser.id == current_user.id
        )
        return Redirect(f"{ACCOUNT}/two-step", status_code=303)

    @post("/confirm")
    async def confirm(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        code = text(await form_data(request), "code", 40)
        row = await _user(current_user)
        if row.totp_secret or not row.totp_pending:
            return Redirect(ACCOUNT, status_code=303)
        try:
            secret = two_step.decrypt(settings, row.id, row.totp_pending)
        except two_step.SecretUnreadable:
            return Redirect(ACCOUNT, status_code=303)
        step = two_step.matching_step(secret, code)
        if step is None:
            error = WRONG_SETUP_CODE if two_step.clean_code(code) else "Enter the 6-digit code."
            return await _setup_page(settings, current_user, error, 422)
        turned_on = (
            await DesignerUser.update(
                {
                    DesignerUser.totp_secret: row.totp_pending,
                    DesignerUser.totp_pending: "",
                    DesignerUser.totp_last_step: step,
                    DesignerUser.totp_enabled_at: utcnow(),
                }
            )
            .where((DesignerUser.id == row.id) & (DesignerUser.totp_pending == row.totp_pending))
            .returning(DesignerUser.id)
        )
        if not turned_on:  # the same form sent twice: the first one showed the codes
            return Redirect(ACCOUNT, status_code=303)
        codes = await two_step.new_recovery_codes(row.id)
        # Other browsers signed in with the password alone are signed out.
        await DesignerSession.delete().where(
            (DesignerSession.user == row.id) & (DesignerSession.id != current_user.session_id)
        )
        await audit.record(
            current_user.organisation_id,
            "designer.two_step_on",
            actor=current_user.email,
            ip=client_ip(request),
        )
        return _codes_page(current_user, codes, first=True)

    @post("/recovery-codes")
    async def recovery_codes(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        code = text(await form_data(request), "code", 40)
        row = await _user(current_user)
        if not row.totp_secret:
            return Redirect(ACCOUNT, status_code=303)
        outcome = await two_step.verify(settings, row.id, row.totp_secret, code)
        if outcome not in ("app", "recovery"):
            if outcome != "unreadable" and await _wrong(
                settings, row, request, "designer.two_step_failed"
            ):
                return Redirect(LOCKED, status_code=303)
            return await account_page(current_user, error=_message(outcome), target="codes-code")
        codes = await two_step.new_recovery_codes(row.id)
        await audit.record(
            current_user.organisation_id,
            "designer.recovery_codes_renewed",
            actor=current_user.email,
            ip=client_ip(request),
        )
        return _codes_page(current_user, codes, first=False)

    @post("/off")
    async def turn_off(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        password, code = text(data, "password", 2000), text(data, "code", 40)
        row = await _user(current_user)
        if not row.totp_secret:
            return Redirect(ACCOUNT, status_code=303)
        if not await asyncio.to_thread(verify_password, row.password_hash, password, settings):
            if await _wrong(settings, row, request, "designer.login_failed"):
                return Redirect(LOCKED, status_code=303)
            return await account_page(current_user, error=NOT_YOUR_PASSWORD, target="off-password")
        outcome = await two_step.verify(settings, row.id, row.totp_secret, code)
        if outcome not in ("app", "recovery"):
            if outcome != "unreadable" and await _wrong(
                settings, row, request, "designer.two_step_failed"
            ):
                return Redirect(LOCKED, status_code=303)
            return await account_page(current_user, error=_message(outcome), target="off-code")
        await two_step.turn_off(row.id)
        await audit.record(
            current_user.organisation_id,
            "designer.two_step_off",
            actor=current_user.email,
            ip=client_ip(request),
        )
        return Redirect(f"{ACCOUNT}?two_step=off", status_code=303)
