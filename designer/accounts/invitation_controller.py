"""The "Choose your password" page a mailed link opens (designer/accounts/invitations.py),
public like the login page; and the users screen's "Send a new invitation" / "Email them a
link" buttons, for administrators.

A used, expired or unknown link gets a page that says so and what to do next, with 410
(used, expired) or 404 (unknown). Choosing a password signs the person in (with two-step
verification on, after the code from their app: a mailed link is not a second factor).
"""

import datetime as dt
import uuid

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import invitations, service, sessions, two_step_login
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.passwords import MIN_PASSWORD_LENGTH
from designer.accounts.sessions import session_cookie
from designer.accounts.two_step_login import challenge_cookie
from designer.accounts.users_controller import users_page_after
from designer.tables import DesignerUser
from designer.web import form_data, text
from runtime import audit
from runtime.clock import utcnow
from runtime.errors import Invalid
from runtime.settings import Settings
from runtime.web.pages import client_ip

REFUSED = {
    "used": (410, "This link has already been used"),
    "expired": (410, "This link has expired"),
    "unknown": (404, "This link does not work"),
}


def _refused(why: str) -> Template:
    status, heading = REFUSED[why]
    return Template(
        template_name="pages/designer/invitation_refused.html",
        context={"user": None, "why": why, "heading": heading, "days": invitations.VALID_DAYS},
        status_code=status,
    )


def _choose_page(link: invitations.OpenLink, token: str, error: str = "") -> Template:
    return Template(
        template_name="pages/designer/invitation.html",
        context={
            "user": None,
            "link": link,
            "token": token,
            "error": error,
            "min_length": MIN_PASSWORD_LENGTH,
        },
        status_code=422 if error else 200,
    )


class InvitationController(Controller):
    path = "/invitation"
    include_in_schema = False
    opt = {"public": True}

    @get("/{token:str}")
    async def show(self, token: str) -> Template:
        try:
            link = await invitations.open_link(token)
        except invitations.LinkRefused as refused:
            return _refused(refused.why)
        return _choose_page(link, token)

    @post("/{token:str}")
    async def choose(self, request: Request, token: str, settings: Settings) -> Template | Redirect:
        data = await form_data(request)
        password, again = text(data, "password", 2000), text(data, "password_again", 2000)
        ip = client_ip(request)
        try:
            link = await invitations.open_link(token)
            if password != again:
                return _choose_page(link, token, "The two passwords are not the same.")
            await invitations.choose_password(token, password, ip)
        except invitations.LinkRefused as refused:
            return _refused(refused.why)
        except Invalid as exc:
            return _choose_page(link, token, exc.detail)
        if await DesignerUser.exists().where(
            (DesignerUser.id == link.user_id) & (DesignerUser.totp_secret != "")
        ):  # a new password is not the second step: the code is still asked for
            second = await service.start_challenge(link.user_id, ip, "/designer/")
            cookie = challenge_cookie(settings, second.token, second.max_age)
            return Redirect(two_step_login.CODE_PATH, status_code=303, cookies=[cookie])
        hours = settings.designer_session_hours
        session = await sessions.start(link.user_id, ip, dt.timedelta(hours=hours))
        await DesignerUser.update({DesignerUser.last_login_at: utcnow()}).where(
            DesignerUser.id == link.user_id
        )
        await audit.record(link.organisation_id, "designer.login", actor=link.email, ip=ip)
        cookie = session_cookie(settings, session, hours * 3600)
        return Redirect("/designer/", status_code=303, cookies=[cookie])


class InviteAgainController(Controller):
    """POST /designer/users/<id>/invite (a new user's invitation again) and /reset-link."""

    path = "/users"
    guards = [requires_role("admin")]

    @post("/{user_id:uuid}/invite")
    async def invite(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        return await self._send(user_id, current_user, settings, "invite")

    @post("/{user_id:uuid}/reset-link")
    async def reset_link(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        return await self._send(user_id, current_user, settings, "reset")

    async def _send(
        self,
        user_id: uuid.UUID,
        current_user: CurrentUser,
        settings: Settings,
        purpose: invitations.Purpose,
    ) -> Template | Redirect:
        send = invitations.send_link(
            settings,
            current_user.organisation_id,
            user_id,
            purpose=purpose,
            actor=current_user.email,
        )
        done = "invited_again" if purpose == "invite" else "link_sent"
        return await users_page_after(current_user, settings, user_id, done, send, "password")
