"""/designer/organisation: an administrator's view of their group.

Every subsidiary id in a URL is checked with runtime.organisations.hierarchy.can_see: an
organisation that is not this one or below it answers 404, like any other foreign id.
"""

import uuid
from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Stream, Template

from designer.accounts import users
from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.refusals import CONTROLS, refusal_message, refusal_query
from designer.accounts.roles import LABELS, ROLES
from designer.sending.progress import people_progress
from designer.sending.service import role_names, stamp_roles, template_names, timeline
from designer.web import flag, form_data, page, text
from runtime.envelopes import actions
from runtime.envelopes.downloads import sealed_pdf_download
from runtime.envelopes.origin import senders
from runtime.envelopes.service import get_envelope
from runtime.errors import DomainError, NotFound
from runtime.organisations import hierarchy, sharing
from runtime.organisations.service import create_organisation, update_legal_name
from runtime.settings import Settings
from runtime.tables import Envelope

DONE = {
    "created": "The subsidiary was created.",
    "legal_name": "The legal name was saved.",
    "sharing": "Sharing was saved.",
    "user": "The user was added.",
    "user_changed": "The user was changed.",
}
SEND_AS_WORDS = {
    "own": "The subsidiary's own name",
    "owner": "Our name",
    "choice": "The sender chooses",
}


async def _visible_subsidiary(user: CurrentUser, org_id: uuid.UUID) -> dict[str, Any]:
    if org_id == user.organisation_id or not await hierarchy.can_see(user.organisation_id, org_id):
        raise NotFound("No such subsidiary.")
    [row] = await hierarchy.describe([org_id])
    return row


class OrganisationController(Controller):
    path = "/organisation"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self, current_user: CurrentUser, done: str = "") -> Template:
        return await self._page(current_user, notice=DONE.get(done, ""))

    async def _page(
        self,
        user: CurrentUser,
        *,
        notice: str = "",
        error: str = "",
        form: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        org = user.organisation_id
        [me] = await hierarchy.describe([org])
        parent = await hierarchy.parent_of(org)
        subs = await hierarchy.describe(await hierarchy.subsidiaries(org))
        names = {r["id"]: r["name"] for r in subs}
        return page(
            "organisation.html",
            user,
            status_code=status_code,
            nav="organisation",
            me=me,
            parent=(await hierarchy.describe([parent]))[0] if parent else None,
            subsidiaries=[{**r, "parent_name": names.get(r["parent"], "")} for r in subs],
            templates=await sharing.owned_templates(org),
            send_as_words=SEND_AS_WORDS,
            notice=notice,
            error=error,
            form=form or {"name": "", "legal_name": ""},
        )

    @post("/subsidiaries")
    async def create(self, request: Request, current_user: CurrentUser) -> Template | Redirect:
        data = await form_data(request)
        form = {"name": text(data, "name", 300), "legal_name": text(data, "legal_name", 400)}
        try:
            await create_organisation(
                form["name"],
                legal_name=form["legal_name"],
                parent=current_user.organisation_id,
                actor=current_user.email,
            )
        except DomainError as exc:
            return await self._page(current_user, error=exc.detail, form=form, status_code=422)
        return Redirect("/designer/organisation?done=created", status_code=303)

    @post("/legal-name")
    async def legal_name(self, request: Request, current_user: CurrentUser) -> Redirect:
        data = await form_data(request)
        await update_legal_name(
            current_user.organisation_id, text(data, "legal_name", 400), actor=current_user.email
        )
        return Redirect("/designer/organisation?done=legal_name", status_code=303)

    @post("/templates/{template_id:uuid}/sharing")
    async def template_sharing(
        self, request: Request, current_user: CurrentUser, template_id: uuid.UUID
    ) -> Redirect:
        data = await form_data(request)
        await sharing.set_template_sharing(
            current_user.organisation_id,
            template_id,
            shared=flag(data, "shared"),
            send_as=text(data, "send_as", 20) or "own",
            actor=current_user.email,
        )
        return Redirect("/designer/organisation?done=sharing#sharing", status_code=303)

    @get("/subsidiaries/{org_id:uuid}")
    async def subsidiary(
        self,
        current_user: CurrentUser,
        org_id: uuid.UUID,
        done: str = "",
        refused: str = "",
        user: str = "",
        on: str = "",
    ) -> Template:
        """`refused`: a change of one of its users refused (post/redirect/get), said beside
        that user's row (designer/accounts/refusals.py)."""
        row_error = ("", "", "")
        if refused and on in CONTROLS:
            sub = await _visible_subsidiary(current_user, org_id)
            row = next((r for r in await users.list_users(org_id) if str(r.id) == user), None)
            why = row and refusal_message(
                refused, email=row.email, organisation=sub["name"], roles=", ".join(ROLES)
            )
            row_error = (user, on, why) if why else row_error
        return await self._subsidiary_page(
            current_user, org_id, notice=DONE.get(done, ""), row_error=row_error
        )

    async def _user_change(
        self,
        user: CurrentUser,
        org_id: uuid.UUID,
        user_id: uuid.UUID,
        change: Awaitable[object],
        control: str,
    ) -> Template | Redirect:
        """Back to the page that says a user was changed, or the page again with the
        refusal (the last administrator) beside that user's row."""
        try:
            await change
        except DomainError as exc:
            if code := str(exc.extra.get("refusal", "")):
                query = refusal_query(code, user_id, control)
                page_url = f"/designer/organisation/subsidiaries/{org_id}"
                return Redirect(f"{page_url}?{query}", status_code=303)
            return await self._subsidiary_page(
                user,
                org_id,
                row_error=(str(user_id), control, exc.detail),
                status_code=exc.status_code,
            )
        return _user_changed(org_id)

    async def _subsidiary_page(
        self,
        user: CurrentUser,
        org_id: uuid.UUID,
        *,
        notice: str = "",
        error: str = "",
        form: dict[str, str] | None = None,
        row_error: tuple[str, str, str] = ("", "", ""),
        status_code: int = 200,
    ) -> Template:
        sub = await _visible_subsidiary(user, org_id)
        return page(
            "organisation_subsidiary.html",
            user,
            status_code=status_code,
            nav="organisation",
            sub=sub,
            users=await users.list_users(org_id),
            roles=ROLES,
            labels=LABELS,
            notice=notice,
            error=error,
            row_error=row_error,
            form=form or {"email": "", "name": "", "role": "sender"},
        )

    @post("/subsidiaries/{org_id:uuid}/legal-name")
    async def subsidiary_legal_name(
        self, request: Request, current_user: CurrentUser, org_id: uuid.UUID
    ) -> Redirect:
        await _visible_subsidiary(current_user, org_id)
        data = await form_data(request)
        await update_legal_name(org_id, text(data, "legal_name", 400), actor=current_user.email)
        return Redirect(
            f"/designer/organisation/subsidiaries/{org_id}?done=legal_name", status_code=303
        )

    @post("/subsidiaries/{org_id:uuid}/users")
    async def add_user(
        self, request: Request, current_user: CurrentUser, org_id: uuid.UUID
    ) -> Template | Redirect:
        await _visible_subsidiary(current_user, org_id)
        data = await form_data(request)
        form = {k: text(data, k, 254) for k in ("email", "name", "role")}
        try:
            await users.add_user(
                org_id,
                form["email"],
                form["name"],
                form["role"],
                text(data, "password", 1000),
                actor=current_user.email,
            )
        except DomainError as exc:
            return await self._subsidiary_page(
                current_user, org_id, error=exc.detail, form=form, status_code=422
            )
        return Redirect(f"/designer/organisation/subsidiaries/{org_id}?done=user", status_code=303)

    @post("/subsidiaries/{org_id:uuid}/users/{user_id:uuid}/role")
    async def user_role(
        self, request: Request, current_user: CurrentUser, org_id: uuid.UUID, user_id: uuid.UUID
    ) -> Template | Redirect:
        await _visible_subsidiary(current_user, org_id)
        data = await form_data(request)
        change = users.change_role(
            org_id, user_id, text(data, "role", 20), actor=current_user.email
        )
        return await self._user_change(current_user, org_id, user_id, change, "role")

    @post("/subsidiaries/{org_id:uuid}/users/{user_id:uuid}/deactivate")
    async def user_deactivate(
        self, current_user: CurrentUser, org_id: uuid.UUID, user_id: uuid.UUID
    ) -> Template | Redirect:
        await _visible_subsidiary(current_user, org_id)
        change = users.set_active(org_id, user_id, False, actor=current_user.email)
        return await self._user_change(current_user, org_id, user_id, change, "status")

    @post("/subsidiaries/{org_id:uuid}/users/{user_id:uuid}/reactivate")
    async def user_reactivate(
        self, current_user: CurrentUser, org_id: uuid.UUID, user_id: uuid.UUID
    ) -> Template | Redirect:
        await _visible_subsidiary(current_user, org_id)
        change = users.set_active(org_id, user_id, True, actor=current_user.email)
        return await self._user_change(current_user, org_id, user_id, change, "status")

    @get("/envelopes")
    async def envelopes(
        self, current_user: CurrentUser, organisation: str = "", page_number: int = 1
    ) -> Template:
        """The group's envelopes, one organisation at a time (this one or a subsidiary)."""
        visible = await hierarchy.describe(
            await hierarchy.organisations_visible_to(current_user.organisation_id)
        )
        chosen = next((r for r in visible if str(r["id"]) == organisation), visible[0])
        listing = await actions.list_envelopes(chosen["id"], page=max(page_number, 1))
        names = await template_names(chosen["id"], [i["id"] for i in listing["items"]])
        return page(
            "organisation_envelopes.html",
            current_user,
            nav="organisation",
            organisations=visible,
            chosen=chosen,
            listing=listing,
            names=names,
            made_by=await senders([i["id"] for i in listing["items"]]),
        )

    @get("/envelopes/{envelope_id:uuid}")
    async def envelope(self, current_user: CurrentUser, envelope_id: uuid.UUID) -> Template:
        """One envelope of the group, read-only: its people, its sealed PDF, its timeline."""
        owner = await _group_envelope_owner(current_user, envelope_id)
        names = await template_names(owner, [str(envelope_id)])
        envelope = await get_envelope(owner, envelope_id)
        roles = await role_names(envelope)
        # the people and timeline in the words of the subsidiary's own envelope page
        stampers = await stamp_roles(envelope)
        progress = await people_progress(owner, envelope, roles, stampers)
        sent_as = envelope.get("sent_as")
        presented = await hierarchy.describe([uuid.UUID(sent_as)]) if sent_as else []
        return page(
            "organisation_envelope.html",
            current_user,
            nav="organisation",
            envelope=envelope,
            owner=(await hierarchy.describe([owner]))[0],
            in_the_name_of=presented[0]["legal_name"] if presented else "",
            template_name=names.get(str(envelope_id), ""),
            role_names=roles,
            progress=progress,
            timeline=await timeline(owner, envelope_id, roles, stampers),
        )

    @get("/envelopes/{envelope_id:uuid}/sealed.pdf")
    async def sealed(
        self, current_user: CurrentUser, settings: Settings, envelope_id: uuid.UUID
    ) -> Stream:
        """A subsidiary's sealed PDF for the parent's administrators."""
        owner = await _group_envelope_owner(current_user, envelope_id)
        return await sealed_pdf_download(settings, owner, envelope_id)


async def _group_envelope_owner(user: CurrentUser, envelope_id: uuid.UUID) -> uuid.UUID:
    """The organisation of an envelope this user's group may see; 404 for any other."""
    row = await Envelope.select(Envelope.organisation).where(Envelope.id == envelope_id).first()
    if row is None or not await hierarchy.can_see(user.organisation_id, row["organisation"]):
        raise NotFound(f"No envelope with id {envelope_id}.")
    return row["organisation"]


def _user_changed(org_id: uuid.UUID) -> Redirect:
    """Back to the subsidiary's page, which says a user was changed."""
    return Redirect(
        f"/designer/organisation/subsidiaries/{org_id}?done=user_changed", status_code=303
    )
