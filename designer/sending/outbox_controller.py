"""/designer/outbox/<file>: one mail or text message of the outbox, to read or download
(administrators).

Only administrators: the mails hold signing links, identity codes and invitations to set a
password, which must not reach every role through this screen."""

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.response import File, Template

from designer.accounts import CurrentUser, requires_role
from designer.sending.outbox import outbox_file, read_mail
from designer.web import page
from runtime.settings import Settings


class OutboxMailController(Controller):
    path = "/outbox"
    include_in_schema = False
    guards = [requires_role("admin")]

    @get("/{name:str}")
    async def show(self, current_user: CurrentUser, settings: Settings, name: str) -> Template:
        path = await outbox_file(settings, current_user.organisation_id, name)
        if path is None:
            raise NotFoundException("This mail is not in your organisation's outbox.")
        return page("outbox_mail.html", current_user, nav="outbox", mail=read_mail(path))

    @get("/{name:str}/download")
    async def download(self, current_user: CurrentUser, settings: Settings, name: str) -> File:
        path = await outbox_file(settings, current_user.organisation_id, name)
        if path is None:
            raise NotFoundException("This mail is not in your organisation's outbox.")
        kind = "text/plain; charset=utf-8" if name.endswith(".txt") else "message/rfc822"
        return File(path=path, filename=name, media_type=kind)
