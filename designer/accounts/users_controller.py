"""The users screen: admins list, create, re-role, deactivate, reactivate and unlock users,
set a new password for someone who forgot theirs, and turn off two-step verification for
someone who lost their phone.

A refused change shows the users screen again with the reason beside that user's row,
never an error page of its own: a one-click change (the last administrator's role or
Deactivate) redirects back to the list, which says why (designer/accounts/refusals.py);
a refused typed password is shown at once, as any form's error.
"""

import uuid
from collections.abc import Awaitable

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import invitations, mail_language, two_step_policy, users
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.refusals import CONTROLS, refusal_message, refusal_query
from designer.accounts.roles import DESCRIPTIONS, LABELS, ROLES
from designer.web import form_data, page, text
from runtime.errors import DomainError, Invalid
from runtime.settings import Settings

DONE = {
    "added": "{email} was added as {role}. They sign in at {url} with the first password you "
    "gave them, or with single sign-on.",
    "invited": "{email} was added as {role}. An invitation to choose their password is on "
    "its way to them; the link works once, for {days} days.",
    "invited_again": "A new invitation is on its way to {email}; the link works once, for "
    "{days} days. Earlier links no longer work.",
    "link_sent": "A link to choose a new password is on its way to {email}; it works once, "
    "for {days} days. Their password stays as it is until they use it.",
    "role": "{email} is now {role}.",
    "deactivated": "{email} was deactivated: their sessions ended and they cannot sign in.",
    "reactivated": "{email} was reactivated and may sign in again.",
    "unlocked": "{email} was unlocked and may try their password again.",
    "two_step_off": "Two-step verification is off for {email}: they sign in with their "
    "password alone until they turn it on again on their account page.",
    "required": "Everyone who signs in with a password must now turn on two-step "
    "verification: the designer sends them to their account until they do.",
    "not_required": "Two-step verification is now up to each user.",
    "password": (
        "{email} has a new password: give it to them in person. Their sessions ended and "
        "their account is unlocked."
    ),
}
MAILED = ("invited", "invited_again", "link_sent")
NO_SMTP = (
    " No SMTP server is set up, though: the mail is not sent but written to a file on the "
    "server (Settings → Outbox lists it), so it reaches them only if whoever runs formseal "
    "passes the link on. Or set them a password and give it to them in person."
)
"""After a mailed link's notice on an instance without FORMSEAL_SMTP_HOST ("on its way to
them" alone was not true: it stays in var/outbox/)."""


def _users_page(
    user: CurrentUser,
    rows: list[users.UserRow],
    settings: Settings,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
    row_error: tuple[str, str, str] = ("", "", ""),
    notice: str = "",
    status_code: int = 200,
    links: dict[uuid.UUID, invitations.LinkState] | None = None,
    require_two_step: bool = False,
) -> Template:
    return page(
        "users.html",
        user,
        status_code=status_code,
        nav="users",
        users=rows,
        roles=ROLES,
        labels=LABELS,
        descriptions=DESCRIPTIONS,
        error=error,
        form=form or {"email": "", "name": "", "role": "author", "mail_language": ""},
        languages=mail_language.choices(),
        # (user id, which control: role, status or password, message)
        row_error=row_error,
        notice=notice,
        sso_name=settings.oidc_name if settings.oidc_issuer else "",
        links=links or {},
        days=invitations.VALID_DAYS,
        require_two_step=require_two_step,
    )


async def _page(user: CurrentUser, settings: Settings, **kwargs: object) -> Template:
    """The users screen with each user's open "Choose your password" link."""
    rows = await users.list_users(user.organisation_id)
    links = await invitations.open_links(user.organisation_id)
    required = await two_step_policy.required(user.organisation_id)
    return _users_page(
        user,
        rows,
        settings,
        links=links,
        require_two_step=required,
        **kwargs,  # type: ignore[arg-type]
    )


class UsersController(Controller):
    path = "/users"
    guards = [requires_role("admin")]

    @get("/")
    async def list_users(
        self,
        current_user: CurrentUser,
        settings: Settings,
        done: str = "",
        user: str = "",
        refused: str = "",
        on: str = "",
    ) -> Template:
        rows = await users.list_users(current_user.organisation_id)
        row = next((r for r in rows if str(r.id) == user), None)
        notice = ""
        row_error = ("", "", "")
        if refused and row is not None and on in CONTROLS:
            why = refusal_message(
                refused,
                email=row.email,
                organisation=current_user.organisation_name,
                roles=", ".join(ROLES),
            )
            row_error = (str(row.id), on, why) if why else row_error
        if done in ("required", "not_required"):
            notice = DONE[done]
        if done in DONE and row is not None:
            role = LABELS.get(row.role, row.role)
            url = settings.base_url.rstrip("/") + "/designer/"
            notice = DONE[done].format(
                email=row.email, role=role, url=url, days=invitations.VALID_DAYS
            )
            if done in MAILED and not settings.smtp_host:
                notice += NO_SMTP
        links = await invitations.open_links(current_user.organisation_id)
        return _users_page(
            current_user,
            rows,
            settings,
            notice=notice,
            links=links,
            row_error=row_error,
            require_two_step=await two_step_policy.required(current_user.organisation_id),
        )

    @post("/")
    async def create(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        form = {k: text(data, k, 254) for k in ("email", "name", "role", "first", "mail_language")}
        password = text(data, "password", 2000)
        # "invite": mail a link; "password": the one typed; "sso": none (the form's choice;
        # without one, as before: a typed password, else single sign-on only)
        invite = form["first"] == "invite"
        try:
            if form["first"] == "password" and not password:
                raise Invalid("Type their first password, or choose to email them an invitation.")
            user_id = await users.add_user(
                current_user.organisation_id,
                form["email"],
                form["name"],
                form["role"],
                "" if invite or form["first"] == "sso" else password,
                actor=current_user.email,
                mail_language=form["mail_language"],
            )
            if invite:
                await invitations.send_link(
                    settings,
                    current_user.organisation_id,
                    user_id,
                    purpose="invite",
                    actor=current_user.email,
                )
        except DomainError as exc:
            return await _page(current_user, settings, error=exc.detail, form=form, status_code=422)
        done = "invited" if invite else "added"
        return Redirect(f"/designer/users?done={done}&user={user_id}", status_code=303)

    @post("/{user_id:uuid}/role")
    async def change_role(
        self, request: Request, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        change = users.change_role(
            current_user.organisation_id, user_id, text(data, "role", 20), actor=current_user.email
        )
        return await _done(current_user, settings, user_id, "role", change, "role")

    @post("/{user_id:uuid}/deactivate")
    async def deactivate(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        return await _set_active(current_user, settings, user_id, active=False)

    @post("/{user_id:uuid}/reactivate")
    async def reactivate(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        return await _set_active(current_user, settings, user_id, active=True)

    @post("/{user_id:uuid}/unlock")
    async def unlock(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        change = users.unlock(current_user.organisation_id, user_id, actor=current_user.email)
        return await _done(current_user, settings, user_id, "unlocked", change, "status")

    @post("/two-step-required")
    async def two_step_required(self, request: Request, current_user: CurrentUser) -> Redirect:
        value = text(await form_data(request), "require", 10) == "yes"
        await two_step_policy.set_required(
            current_user.organisation_id, value, actor=current_user.email
        )
        done = "required" if value else "not_required"
        return Redirect(f"/designer/users?done={done}#two-step-policy", status_code=303)

    @post("/{user_id:uuid}/two-step-off")
    async def two_step_off(
        self, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        change = users.reset_two_step(
            current_user.organisation_id,
            user_id,
            actor_id=current_user.id,
            actor=current_user.email,
        )
        return await _done(current_user, settings, user_id, "two_step_off", change, "status")

    @post("/{user_id:uuid}/password")
    async def set_password(
        self, request: Request, user_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await form_data(request)
        change = users.reset_password(
            current_user.organisation_id,
            user_id,
            text(data, "password", 2000),
            actor_id=current_user.id,
            actor=current_user.email,
        )
        return await _done(current_user, settings, user_id, "password", change, "password")


async def _set_active(
    current_user: CurrentUser, settings: Settings, user_id: uuid.UUID, *, active: bool
) -> Template | Redirect:
    """Deactivating and reactivating differ only in the flag and the notice."""
    change = users.set_active(
        current_user.organisation_id, user_id, active, actor=current_user.email
    )
    done = "reactivated" if active else "deactivated"
    return await _done(current_user, settings, user_id, done, change, "status")


async def users_page_after(
    current_user: CurrentUser,
    settings: Settings,
    user_id: uuid.UUID,
    done: str,
    change: Awaitable[object],
    control: str,
) -> Template | Redirect:
    """Back to the list with a notice, or with the refusal beside the row (a refusal of
    typed input: the list again at once, keeping the form's state)."""
    try:
        await change
    except DomainError as exc:
        rows = await users.list_users(current_user.organisation_id)
        if not any(r.id == user_id for r in rows):
            raise
        code = str(exc.extra.get("refusal", ""))
        if code:
            query = refusal_query(code, user_id, control)
            return Redirect(f"/designer/users?{query}", status_code=303)
        return _users_page(
            current_user,
            rows,
            settings,
            row_error=(str(user_id), control, exc.detail),
            status_code=exc.status_code,
            links=await invitations.open_links(current_user.organisation_id),
            require_two_step=await two_step_policy.required(current_user.organisation_id),
        )
    return Redirect(f"/designer/users?done={done}&user={user_id}", status_code=303)


_done = users_page_after
