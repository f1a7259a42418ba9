"""Your account (/designer/account): who you are signed in as, the language of the mails
formseal sends you, and two-step verification (two_step_controller.py). Every role may open
it and change its own settings, nobody else's."""

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template

from designer.accounts import mail_language, two_step
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.roles import LABELS
from designer.tables import DesignerUser
from designer.web import form_data, page, text
from runtime.errors import Invalid

TWO_STEP_DONE = {
    "off": "Two-step verification is off: you sign in with your password alone.",
}


async def account_page(
    user: CurrentUser,
    *,
    chosen: str | None = None,
    notice: str = "",
    error: str = "",
    target: str = "mail-language",
) -> Template:
    """The account screen; `error` is shown in the summary, linked to the input `target`."""
    row = (
        await DesignerUser.select(DesignerUser.mail_language)
        .where(DesignerUser.id == user.id)
        .first()
    )
    return page(
        "account.html",
        user,
        status_code=422 if error else 200,
        nav="account",
        role_label=LABELS.get(user.role, user.role),
        languages=mail_language.choices(),
        chosen=chosen if chosen is not None else (row["mail_language"] if row else ""),
        notice=notice,
        error=error,
        error_target=target,
        two_step=await two_step.status(user.id),
    )


class AccountController(Controller):
    path = "/account"
    guards = [requires_role("viewer")]  # everyone: it changes only the signed-in user

    @get("/")
    async def show(
        self,
        current_user: CurrentUser,
        saved: str = "",
        two_step: str = "",
        recovery_left: int | None = None,
    ) -> Template:
        notice = "Saved. formseal writes your next mails in this language." if saved else ""
        notice = TWO_STEP_DONE.get(two_step, notice)
        if recovery_left is not None:
            notice = (
                f"You signed in with a recovery code; it no longer works. {recovery_left} of "
                "your recovery codes are left: get new ones below when they run low."
            )
        return await account_page(current_user, notice=notice)

    @post("/mail-language")
    async def save_language(
        self, request: Request, current_user: CurrentUser
    ) -> Template | Redirect:
        posted = text(await form_data(request), "mail_language", 20)
        try:
            await mail_language.set_language(
                current_user.organisation_id, current_user.id, posted, actor=current_user.email
            )
        except Invalid as exc:
            return await account_page(current_user, chosen="", error=exc.detail)
        return Redirect("/designer/account?saved=1", status_code=303)
