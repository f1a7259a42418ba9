"""/designer/settings/stamps: administrators upload, list and retire company stamps.

Thin: parse the form, call runtime.stamps.service, render. Every stamp id is looked up
within the signed-in user's organisation, so another organisation's id answers 404.
"""

import uuid

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.accounts.users import list_users
from designer.web import as_list, flag, form_data, page
from runtime.errors import Invalid
from runtime.files import MULTIPART_OVERHEAD
from runtime.organisations.hierarchy import describe, organisations_visible_to, subsidiaries
from runtime.settings import Settings
from runtime.stamps import service
from runtime.stamps.images import (
    MAX_PIXELS_SIDE,
    MAX_UPLOAD_BYTES,
    StampImageError,
    clean_stamp_image,
)

#: room for the other form fields and multipart framing; larger bodies get a 413
MAX_BODY = 2 * MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
DONE = {
    "uploaded": "The stamp was uploaded.",
    "deactivated": "The stamp was deactivated; it will not be applied again.",
    "default": "The default stamp was changed.",
    "permissions": "Who may apply the stamp was saved.",
}


def is_admin(user: CurrentUser) -> bool:
    """The one place that decides who administers stamps (designer/accounts/roles.py)."""
    return user.can("admin")


async def group_users(organisation_id: uuid.UUID) -> list:
    """The organisation's users, then its subsidiaries' (who may be granted a shared stamp)."""
    return [
        u for org in await organisations_visible_to(organisation_id) for u in await list_users(org)
    ]


class StampsController(Controller):
    path = "/settings/stamps"
    guards = [requires_role("admin")]

    @get("/")
    async def index(self, current_user: CurrentUser, done: str = "") -> Template:
        return await self._page(current_user, notice=DONE.get(done, ""))

    @post("/", request_max_body_size=MAX_BODY)
    async def upload(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        form = await request.form()
        name = str(form.get("name") or "")[:500]
        auto_sign = str(form.get("auto_sign") or "") in ("1", "on", "yes", "true")
        upload = form.get("image")
        errors: dict[str, str] = {}  # every problem of the form at once, beside its box
        try:
            service.clean_name(name)
        except Invalid as exc:
            errors["name"] = exc.detail
        data = b""
        if not isinstance(upload, UploadFile) or not upload.filename:
            errors["image"] = "Choose a PNG or JPEG image of the stamp."
        else:
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
            if errors:  # the name is refused: say what is wrong with the image too
                try:
                    clean_stamp_image(data)
                except StampImageError as exc:
                    errors["image"] = str(exc)
        if not errors:
            try:
                await service.upload_stamp(
                    settings,
                    current_user.organisation_id,
                    name=name,
                    data=data,
                    actor=current_user.email,
                    auto_sign=auto_sign,
                )
            except Invalid as exc:
                errors[str(exc.extra.get("field") or "name")] = exc.detail
        if errors:
            return await self._page(
                current_user,
                errors=errors,
                form={"name": name, "auto_sign": auto_sign},
                status_code=422,
            )
        return Redirect("/designer/settings/stamps?done=uploaded", status_code=303)

    @get("/{stamp_id:uuid}/image.png")
    async def image(
        self, current_user: CurrentUser, settings: Settings, stamp_id: uuid.UUID
    ) -> Response:
        # its own stamps, and those shared with it from above (shown under "Shared by your group")
        stamp = await service.get_stamp(current_user.organisation_id, stamp_id, shared=True)
        data = await service.stamp_image(settings, stamp)
        return Response(
            data,
            media_type="image/png",
            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=300"},
        )

    @post("/{stamp_id:uuid}/deactivate")
    async def deactivate(self, current_user: CurrentUser, stamp_id: uuid.UUID) -> Redirect:
        await service.deactivate_stamp(
            current_user.organisation_id, stamp_id, actor=current_user.email
        )
        return Redirect("/designer/settings/stamps?done=deactivated", status_code=303)

    @post("/{stamp_id:uuid}/default")
    async def make_default(
        self, current_user: CurrentUser, stamp_id: uuid.UUID
    ) -> Template | Redirect:
        try:
            await service.make_default(
                current_user.organisation_id, stamp_id, actor=current_user.email
            )
        except Invalid as exc:
            return await self._page(current_user, error=exc.detail, status_code=422)
        return Redirect("/designer/settings/stamps?done=default", status_code=303)

    @post("/{stamp_id:uuid}/permissions")
    async def permissions(
        self, request: Request, current_user: CurrentUser, stamp_id: uuid.UUID
    ) -> Redirect:
        data = await form_data(request)
        # only our own users and those of our subsidiaries (groups) can be granted a stamp
        members = {str(u.id) for u in await group_users(current_user.organisation_id)}
        granted = [u for u in as_list(data, "granted") if u in members]
        has_subsidiaries = bool(await subsidiaries(current_user.organisation_id))
        await service.update_permissions(
            current_user.organisation_id,
            stamp_id,
            auto_sign=flag(data, "auto_sign"),
            granted_to=granted,
            actor=current_user.email,
            shared=flag(data, "shared") if has_subsidiaries else None,
        )
        return Redirect("/designer/settings/stamps?done=permissions", status_code=303)

    async def _page(
        self,
        user: CurrentUser,
        *,
        notice: str = "",
        error: str = "",
        errors: dict[str, str] | None = None,
        form: dict | None = None,
        status_code: int = 200,
    ) -> Template:
        """`errors`: the upload form's, by box ("name", "image"); `error`: an action's."""
        stamps = await service.list_stamps(user.organisation_id)
        subs = await describe(await subsidiaries(user.organisation_id))
        users, org_names = [], {}
        for org in [user.organisation_id, *(r["id"] for r in subs)]:
            for u in await list_users(org):
                if u.active:
                    users.append(u)
                    if org != user.organisation_id:  # "(Distributor A)" beside the name
                        org_names[str(u.id)] = next(r["name"] for r in subs if r["id"] == org)
        names = {str(u.id): u.name or u.email for u in users}
        group_stamps = [
            {**s, "owner_name": (await describe([s["organisation"]]))[0]["name"]}
            for s in await service.list_stamps(user.organisation_id, active_only=True, shared=True)
            if s["organisation"] != user.organisation_id
        ]
        return page(
            "settings_stamps.html",
            user,
            status_code=status_code,
            nav="stamps",
            stamps=stamps,
            grantable=[u for u in users if u.role != "admin"],
            names=names,
            org_names=org_names,
            has_subsidiaries=bool(subs),
            group_stamps=group_stamps,
            notice=notice,
            errors=errors or ({"": error} if error else {}),
            form=form or {"name": "", "auto_sign": True},
            max_mb=MAX_UPLOAD_BYTES // 10**6,
            max_side=MAX_PIXELS_SIDE,
        )
