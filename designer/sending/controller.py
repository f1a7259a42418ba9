"""/designer/envelopes: the envelope list, sending from a template, an envelope's page."""

import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Response, Stream, Template

from designer.accounts import CurrentUser, requires_role
from designer.archive.controller import filter_parameter, typed_dates
from designer.sending import service
from designer.sending.audit_csv import audit_csv
from designer.sending.envelope_page import envelope_page
from designer.sending.form_errors import by_input, check_before_sending, form_errors
from designer.sending.outbox import outbox as outbox_items
from designer.web import form_data, is_htmx, page, partial, text
from runtime.archive.tags import add_tags, organisation_tags, remove_tag, tags_of
from runtime.envelopes import actions
from runtime.envelopes.correct import correct_email
from runtime.envelopes.downloads import sealed_pdf_download
from runtime.envelopes.origin import sender_choices, senders
from runtime.envelopes.resend import resend_link
from runtime.envelopes.service import create_envelope
from runtime.errors import Conflict, Invalid
from runtime.settings import Settings

#: a date filter's name in the API's message -> the box of the envelope list's filter form
DATE_INPUTS = {"created_from": "filter-from", "created_to": "filter-to"}
#: ... and the label beside it, for the list's messages
DATE_LABELS = {"created_from": "“Sent from”", "created_to": "“to”"}


class SendingController(Controller):
    path = "/"
    include_in_schema = False
    guards = [requires_role("sender", reads=True)]

    @get("/envelopes")
    async def index(
        self,
        current_user: CurrentUser,
        status: str = "",
        template_id: str = "",
        sender: str = "",
        created_from: str = "",
        created_to: str = "",
        page_number: int = 1,
    ) -> Template:
        filters = {
            "status": status if status in actions.STATUSES else "",
            "template_id": template_id if _is_uuid(template_id) else "",
            "sender": sender.strip()[:254],
            "created_from": created_from.strip()[:10],
            "created_to": created_to.strip()[:10],
        }
        error = error_input = ""
        try:
            listing = await actions.list_envelopes(
                current_user.organisation_id,
                status=filters["status"] or None,
                template_id=uuid.UUID(filters["template_id"]) if filters["template_id"] else None,
                # an email is a person; a word ("cli", "unknown") what made an envelope
                sender=filters["sender"] if "@" in filters["sender"] else None,
                made_by=filters["sender"] if "@" not in filters["sender"] else None,
                created_from=filters["created_from"] or None,
                created_to=filters["created_to"] or None,
                page=max(page_number, 1),
            )
        except Invalid as exc:
            error, error_input = _filter_error(exc)
            listing = {"items": [], "page": 1, "per_page": 20, "total": 0}
        names = await service.template_names(
            current_user.organisation_id, [i["id"] for i in listing["items"]]
        )
        choices = await sender_choices(current_user.organisation_id)
        return page(
            "envelopes.html",
            current_user,
            status_code=422 if error else 200,
            nav="envelopes",
            listing=listing,
            names=names,
            people=await service.people_of([i["id"] for i in listing["items"]]),
            made_by=await senders([i["id"] for i in listing["items"]]),
            filters=filters,
            query=urlencode({k: v for k, v in filters.items() if v}),
            error=error,
            error_input=error_input,
            error_field=error_input,  # the date box whose message stands beside it
            # a date box keeps what was typed: as text when it is not a date
            text_dates=typed_dates({"from": filters["created_from"], "to": filters["created_to"]}),
            status=filters["status"],
            template_id=filters["template_id"],
            statuses=actions.STATUSES,
            # people, then what made envelopes without one ("cli", "unknown"…)
            senders=[c for c in choices if "@" in c[0]],
            makers=[c for c in choices if "@" not in c[0]],
            templates=await service.sendable_templates(current_user.organisation_id),
        )

    # Only who may send gets the form: filled in by anyone else, it was refused on Send.
    @get("/envelopes/new", guards=[requires_role("sender")])
    async def new(self, current_user: CurrentUser, template_id: str = "") -> Template | Redirect:
        if not _is_uuid(template_id):
            return Redirect("/designer/envelopes")
        return await self._form(current_user, uuid.UUID(template_id), {}, [])

    @post("/envelopes/new")
    async def send(
        self, request: Request, current_user: CurrentUser, settings: Settings, template_id: str = ""
    ) -> Template | Redirect:
        if not _is_uuid(template_id):
            return Redirect("/designer/envelopes")
        tid = uuid.UUID(template_id)
        _, definition = await service.template_definition(current_user.organisation_id, tid)
        data = await form_data(request)
        envelope_request = None
        try:
            timing: list[dict[str, str]] = []  # checked with the rest, not before it
            envelope_request = service.build_request(
                definition, tid, data, current_user.email, timing
            )
            check_before_sending(definition, envelope_request, timing)
            envelope = await create_envelope(
                current_user.organisation_id,
                envelope_request,
                settings=settings,
                actor=current_user.email,
            )
        except Invalid as exc:
            errors = form_errors(definition, envelope_request, exc)
            return await self._form(current_user, tid, data, errors, status_code=422)
        return Redirect(f"/designer/envelopes/{envelope['id']}?sent=1", status_code=303)

    async def _form(
        self,
        user: CurrentUser,
        template_id: uuid.UUID,
        data: dict[str, Any],
        errors: list[dict[str, str]],
        status_code: int = 200,
    ) -> Template:
        template, definition = await service.template_definition(user.organisation_id, template_id)
        return page(
            "send.html",
            user,
            status_code=status_code,
            nav="envelopes",
            template=template,
            definition=definition,
            fields=service.prefillable(definition),
            data={k: text(data, k) for k in data},
            errors=errors,
            beside=by_input(errors),
        )

    @get("/envelopes/{envelope_id:uuid}")
    async def show(
        self,
        current_user: CurrentUser,
        settings: Settings,
        envelope_id: uuid.UUID,
        sent: str = "",
        done: str = "",
    ) -> Template:
        return await envelope_page(
            current_user, envelope_id, sent=bool(sent), done=done, no_smtp=not settings.smtp_host
        )

    @post("/envelopes/{envelope_id:uuid}/remind")
    async def remind(
        self, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Redirect | Template:
        try:
            await actions.remind_now(
                current_user.organisation_id, envelope_id, actor=current_user.email
            )
        except Conflict as exc:
            return await self._show_error(current_user, envelope_id, exc.detail)
        return Redirect(f"/designer/envelopes/{envelope_id}?done=reminded", status_code=303)

    @post("/envelopes/{envelope_id:uuid}/recipients/{recipient_id:uuid}/resend")
    async def resend(
        self,
        current_user: CurrentUser,
        settings: Settings,
        envelope_id: uuid.UUID,
        recipient_id: uuid.UUID,
    ) -> Redirect | Template:
        try:
            await resend_link(
                settings,
                current_user.organisation_id,
                envelope_id,
                recipient_id,
                actor=current_user.email,
            )
        except Conflict as exc:
            return await self._show_error(current_user, envelope_id, exc.detail)
        return Redirect(f"/designer/envelopes/{envelope_id}?done=resent", status_code=303)

    @post("/envelopes/{envelope_id:uuid}/recipients/{recipient_id:uuid}/email")
    async def correct_email(
        self,
        request: Request,
        current_user: CurrentUser,
        settings: Settings,
        envelope_id: uuid.UUID,
        recipient_id: uuid.UUID,
    ) -> Redirect | Template:
        """Correct a mistyped address of someone who has not opened their link yet."""
        typed = text(await form_data(request), "email", 300)
        try:
            done = await correct_email(
                settings,
                current_user.organisation_id,
                envelope_id,
                recipient_id,
                typed,
                actor=current_user.email,
            )
        except (Invalid, Conflict) as exc:
            return await envelope_page(
                current_user,
                envelope_id,
                status_code=422 if isinstance(exc, Invalid) else 409,
                correcting={"id": str(recipient_id), "message": exc.detail, "typed": typed},
            )
        outcome = "corrected-invited" if done["invited"] else "corrected"
        return Redirect(f"/designer/envelopes/{envelope_id}?done={outcome}", status_code=303)

    @post("/envelopes/{envelope_id:uuid}/void")
    async def void(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Redirect | Template:
        reason = text(await form_data(request), "reason", 2000).strip()
        if not reason:
            return await self._show_error(
                current_user, envelope_id, "Enter a reason for voiding the envelope."
            )
        try:
            await actions.void_envelope(
                current_user.organisation_id, envelope_id, reason, actor=current_user.email
            )
        except Conflict as exc:
            return await self._show_error(current_user, envelope_id, exc.detail)
        return Redirect(f"/designer/envelopes/{envelope_id}?done=voided", status_code=303)

    @get("/envelopes/{envelope_id:uuid}/sealed.pdf")
    async def sealed(
        self, current_user: CurrentUser, envelope_id: uuid.UUID, settings: Settings
    ) -> Stream:
        return await sealed_pdf_download(settings, current_user.organisation_id, envelope_id)

    @get("/envelopes/{envelope_id:uuid}/audit.csv")
    async def audit(self, current_user: CurrentUser, envelope_id: uuid.UUID) -> Response[bytes]:
        """The audit trail as a spreadsheet: the timeline's words, actions, addresses, hashes."""
        return await audit_csv(current_user.organisation_id, envelope_id)

    async def _show_error(
        self, user: CurrentUser, envelope_id: uuid.UUID, message: str
    ) -> Template:
        return await envelope_page(user, envelope_id, status_code=409, error=message)

    @post("/envelopes/{envelope_id:uuid}/tags")
    async def tag_add(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Template | Redirect:
        """ "Add a tag" on the envelope's page: the tags panel for htmx, else back to the page."""
        typed = text(await form_data(request), "tag", 1000)
        try:
            tags = await add_tags(current_user.organisation_id, envelope_id, typed)
        except Invalid as exc:
            return await _tags_answer(request, current_user, envelope_id, exc.detail, typed)
        return await _tags_done(request, current_user, envelope_id, tags, "tagged")

    @post("/envelopes/{envelope_id:uuid}/tags/remove")
    async def tag_remove(
        self, request: Request, current_user: CurrentUser, envelope_id: uuid.UUID
    ) -> Template | Redirect:
        tag = text(await form_data(request), "tag", 100)
        tags = await remove_tag(current_user.organisation_id, envelope_id, tag)
        return await _tags_done(request, current_user, envelope_id, tags, "untagged")

    @get("/outbox")
    async def outbox(self, current_user: CurrentUser, settings: Settings) -> Template:
        return page(
            "outbox.html",
            current_user,
            nav="outbox",
            mails=await outbox_items(settings, current_user.organisation_id),
            smtp=bool(settings.smtp_host),
            sms_gateway=settings.sms_provider == "http",
        )


def _filter_error(exc: Invalid) -> tuple[str, str]:
    """A refused date filter in the list's words ("“Sent from” must be a date like …"; the
    API's message names `created_from`) and the id of its box ("" when none is at fault)."""
    parameter = filter_parameter(exc)
    if parameter == "created_to" and "before" in exc.detail:
        return "The “to” date is before the “Sent from” date.", DATE_INPUTS[parameter]
    words = exc.detail
    for name, label in DATE_LABELS.items():
        words = words.replace(name, label)
    return words, DATE_INPUTS.get(parameter, "")


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


async def _tags_answer(
    request: Request, user: CurrentUser, envelope_id: uuid.UUID, error: str, typed: str
) -> Template:
    """A refused tag: the message beside the box, in the panel (htmx) or the whole page."""
    if not is_htmx(request):
        return await envelope_page(
            user, envelope_id, status_code=422, tag_error=error, tag_typed=typed
        )
    tags = (await tags_of([envelope_id])).get(str(envelope_id), [])
    return partial(
        "_envelope_tags.html",
        status_code=422,
        user=user,
        envelope={"id": str(envelope_id)},
        tags=tags,
        known_tags=await organisation_tags(user.organisation_id),
        tag_error=error,
        tag_typed=typed,
        tag_saved="",
    )


async def _tags_done(
    request: Request, user: CurrentUser, envelope_id: uuid.UUID, tags: list[str], done: str
) -> Template | Redirect:
    if not is_htmx(request):
        return Redirect(f"/designer/envelopes/{envelope_id}?done={done}#tags", status_code=303)
    return partial(
        "_envelope_tags.html",
        user=user,
        envelope={"id": str(envelope_id)},
        tags=tags,
        known_tags=await organisation_tags(user.organisation_id),
        tag_error="",
        tag_typed="",
        tag_saved=done,
    )
