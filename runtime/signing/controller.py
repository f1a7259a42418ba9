"""The signer's wizard at /s/<token>: steps, autosave, review, finish, decline. The
documents a signer reads (the draft, the confirmation, the sealed PDF) are in
documents_controller.py, files in files_controller.py, the gates in gate_controller.py.

Thin: every rule is in signing.service. Works without JavaScript: conditional questions
are decided on the server at every post, and a typed name is the signature fallback. With
JavaScript, htmx posts each change (debounced) to /step/<n>/draft, which autosaves it and
answers with the step's fields as the server now sees them.
"""

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from components.registry import get_component
from runtime.errors import Conflict, Invalid, NotFound
from runtime.i18n import N_, numbers
from runtime.i18n import gettext as _
from runtime.settings import Settings
from runtime.signing import closing, defaults, notes, oversize, service, uploads, windows
from runtime.signing.drafts import deciding_again
from runtime.signing.forms import form_without_files, in_page_order, posted_form
from runtime.signing.gate import check_gates, open_ctx
from runtime.signing.group_rows import QUERY, change_rows, rows_query
from runtime.signing.service import SigningContext
from runtime.signing.signature_wording import is_scripted, reword
from runtime.signing.views import base, review_context, step_context
from runtime.themes import themed
from runtime.web.pages import client_ip, page, partial, user_agent

# an autosave from a page that has not seen what another window saved (signing/windows.py)
OTHER_WINDOW = N_(
    "Not saved: these answers were changed in another window or on another device "
    "after this page opened."
)


class SigningController(Controller):
    path = "/"
    include_in_schema = False

    @get("/")
    async def start(self, token: str, request: Request, settings: Settings) -> Redirect | Template:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        if ctx.finished or ctx.envelope["status"] == "completed":
            return Redirect(f"{base(token)}/done")
        if ctx.recipient["status"] == "declined":
            return page("signer/declined.html", ctx=ctx, base=base(token))
        await service.ensure_can_act(ctx)
        await service.mark_viewed(ctx, client_ip(request), user_agent(request))
        ctx = await open_ctx(token, request, settings)  # identity check, then consent
        if ctx.is_approver:
            return Redirect(f"{base(token)}/review")
        step = min(ctx.recipient["current_step"], len(ctx.sections))
        if step >= len(ctx.sections):
            return Redirect(f"{base(token)}/review")
        return Redirect(f"{base(token)}/step/{step + 1}")

    @get("/step/{number:int}")
    async def show_step(
        self, token: str, number: int, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, identity=False, consent=False)
        if ctx.finished:
            return Redirect(f"{base(token)}/done")
        index = self._index(ctx, number)
        check_gates(ctx, request, settings, token)
        await service.ensure_can_act(ctx)
        await service.mark_viewed(ctx, client_ip(request), user_agent(request))
        back = request.query_params.get("return") == "review"
        # the redirect of a row's Remove names its note: this page alone says which row went
        removal = request.query_params.get(QUERY)
        context = step_context(ctx, token, index, return_to_review=back, removal=removal)
        return page("signer/step.html", **context)

    @post("/step/{number:int}/draft", status_code=200)
    async def save_draft(
        self, token: str, number: int, request: Request, settings: Settings
    ) -> Template | Response:
        """Autosave one change and answer with the step's fields as they now stand.

        Fields the page already shows (`__shown`) come back as empty slots: signer.js keeps
        its own copy of those (it holds what is being typed), so only fields that just
        appeared, and computed values, are rendered."""
        ctx = await open_ctx(token, request, settings)
        index = self._index(ctx, number)
        section = ctx.sections[index]
        section_key = section.key
        form = form_without_files(await request.form())
        numbers.read_typing_of(form.get("__language"))  # a late autosave after a change

        async def decide() -> Response | None:
            current = windows.step_state(ctx, section)
            if windows.step_conflicts(ctx, section, form, current):
                await service.ensure_can_act(ctx)  # a closed envelope says so first
                return Response(  # not written over: the page asks which answers to keep
                    _(OTHER_WINDOW),
                    status_code=409,
                    media_type="text/plain",
                    headers={windows.HEADER: current, windows.CONFLICT_HEADER: "1"},
                )
            await service.save_draft(ctx, index, form)
            return None

        refused = await deciding_again(ctx, decide)
        if refused is not None:
            return refused
        state = windows.step_state(ctx, section)
        keys = [s.key for s in ctx.sections]
        if section_key not in keys:  # this very step was hidden by the answer just given
            return Template(
                template_name=themed("partials/signer/_step_gone.html", ctx.theme_choice),
                context={"base": base(token)},
                headers={"HX-Redirect": f"{base(token)}/"},
            )
        kept = frozenset(str(form.get("__shown") or "").split())
        context = step_context(ctx, token, keys.index(section_key), kept=kept, state=state)
        answer = partial("signer/_step_fields.html", **context)
        answer.headers[windows.HEADER] = state
        return answer

    @post("/step/{number:int}", status_code=200)
    async def save_step(
        self, token: str, number: int, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings)
        if ctx.finished:  # signed in another window: Continue here leads to the confirmation
            return Redirect(f"{base(token)}/done", status_code=303)
        index = self._index(ctx, number)
        posted = await posted_form(request)
        if posted is None:  # a file over FORMSEAL_MAX_UPLOAD_BYTES, sent without JavaScript
            files, texts = await oversize.posted_files(request, settings.max_upload_bytes)
            errors = oversize.too_large_errors(ctx, index, files)
            numbers.read_typing_of(texts.get("__language"))
            raw = service.read_section(ctx, ctx.sections[index], texts) if texts else {}
            # what was typed is shown again, not stored: only the files are chosen again
            shown = defaults.on_page(raw, texts) if raw else {}
            context = step_context(ctx, token, index, errors=errors, raw_values=shown)
            return page("signer/step.html", status_code=413, **context)
        numbers.read_typing_of(posted.get("__language"))  # typed on a page in that language
        upload_errors = await uploads.take_step_uploads(
            settings, ctx, index, posted, client_ip(request)
        )
        form = form_without_files(posted, upload_errors.pop("__signatures", {}))
        back_to_review = request.query_params.get("return") == "review"
        # files are taken once; what to do with the rest is decided again if another
        # request of this page (its autosave) wrote the draft meanwhile
        return await deciding_again(
            ctx,
            lambda: self._decide_step(
                ctx, token, number, index, form, upload_errors, back_to_review
            ),
        )

    async def _decide_step(
        self,
        ctx: SigningContext,
        token: str,
        number: int,
        index: int,
        form: Any,
        upload_errors: dict[str, str],
        back_to_review: bool,
    ) -> Template | Redirect:
        """The step's post once its files are taken: out of date, a row added or removed,
        questions just revealed, errors, or on to the next step."""
        step_now = windows.step_state(ctx, ctx.sections[index])
        if windows.step_conflicts(ctx, ctx.sections[index], form, step_now):
            return await _saved_in_another_window(ctx, token, index, form, back_to_review)
        rows_changed = change_rows(ctx, index, form)
        if rows_changed is not None:  # "Add another" / "Remove": kept as a draft, not judged
            raw, anchor, note = rows_changed  # the note: which row was removed, if one was
            await service.save_draft_values(ctx, raw, note)
            query = rows_query(note, back_to_review)  # the removed row's note, for that page
            # Post/Redirect/Get: reloading the step then does not ask to send the form again
            return Redirect(f"{base(token)}/step/{number}{query}#{anchor}", status_code=303)
        removed = form.get("__remove_file")
        if removed:  # no-JavaScript "Remove" next to an uploaded file
            key, _sep, file_id = str(removed).partition(":")
            await uploads.remove_file(ctx, key, file_id)
            await service.save_draft(ctx, index, form)
            return Redirect(f"{base(token)}/step/{number}#field-{key}", status_code=303)
        section_key = ctx.sections[index].key
        shown_before = set(str(form.get("__shown") or "").split())
        revealed = self._revealed(ctx, index, form, shown_before) if "__shown" in form else set()
        if revealed and not upload_errors:
            await service.save_draft(ctx, index, form)
            context = step_context(
                ctx,
                token,
                index,
                raw_values=defaults.on_page(
                    service.read_section(ctx, ctx.sections[index], form), form
                ),
                revealed=True,
                return_to_review=back_to_review,
            )
            return page("signer/step.html", **context)
        raw_values, errors = await service.save_step(ctx, index, form)
        on_page = [f.key for f in ctx.sections[index].fields]
        errors = in_page_order({**errors, **upload_errors}, on_page)
        if errors:
            errors = reword(errors, scripted=is_scripted(form), policy=ctx.signature_policy)
            keys = [s.key for s in ctx.sections]
            position = keys.index(section_key) if section_key in keys else index
            context = step_context(
                ctx,
                token,
                position,
                raw_values=raw_values,
                errors=errors,
                return_to_review=back_to_review,
            )
            return page("signer/step.html", status_code=422, **context)
        return _onwards(ctx, token, section_key, back_to_review)

    @staticmethod
    def _revealed(ctx: SigningContext, index: int, form: Any, before: set[str]) -> set[str]:
        """Questions of this step that the answers just given made appear (without
        JavaScript the signer has not seen them yet, so they are shown, not judged). A
        note or a computed value that appears asks nothing: Continue goes on."""
        section = ctx.sections[index]
        raw = service.read_section(ctx, section, form)
        now = service.visible_field_keys(ctx, raw)
        return {
            f.key
            for f in section.fields
            if f.key in now and f.key not in before and _asks(f.component)
        }

    @get("/review")
    async def review(self, token: str, request: Request, settings: Settings) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings)
        if ctx.finished:
            return Redirect(f"{base(token)}/done")
        await service.ensure_can_act(ctx)
        # opened by URL before the steps are done: Sign and finish would only send the
        # signer back, so lead to the first step that still needs answers (as Continue does)
        gap = None if ctx.is_approver else service.first_incomplete_step(ctx)
        if gap is not None:
            return Redirect(f"{base(token)}/step/{gap[0] + 1}", status_code=303)
        return page("signer/review.html", **review_context(ctx, token))

    @post("/finish", status_code=200)
    async def finish(self, token: str, request: Request, settings: Settings) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings)
        if ctx.finished:  # a second click, or signed in another window meanwhile
            return Redirect(closing.done_url(ctx, base(token)), status_code=303)
        incomplete = service.first_incomplete_step(ctx)
        if incomplete is not None:
            await service.ensure_can_act(ctx)  # a closed envelope says so, not "fill this in"
            index, errors = incomplete
            # the review page has no drawing box to know of: word it for every page
            errors = reword(errors, scripted=False, policy=ctx.signature_policy)
            context = step_context(ctx, token, index, errors=errors)
            return page("signer/step.html", status_code=422, **context)
        if windows.changed_elsewhere(await request.form(), windows.review_state(ctx)):
            # answers changed in another window after this review was read: sign only
            # what the person has seen, so show them again
            await service.ensure_can_act(ctx)
            context = review_context(ctx, token)
            return page("signer/review.html", status_code=409, other_window=True, **context)
        try:
            await service.finish(ctx, client_ip(request), user_agent(request))
        except Conflict:
            if not await closing.moved_meanwhile(ctx, "completed"):
                raise
        # ?finished=1: this view of the confirmation is the first, right after finishing
        return Redirect(closing.done_url(ctx, base(token)), status_code=303)

    @get("/decline")
    async def decline_form(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, consent=False)
        if ctx.recipient["status"] == "declined":
            # Back from "You declined to sign": that page again, not the closed page that
            # names this signer in the third person ("Declined by …, Their reason")
            return Redirect(f"{base(token)}/")
        if ctx.finished:  # back to this page after signing: what was done, not a dead end
            return Redirect(closing.already_done_url(token))
        await service.ensure_can_act(ctx)
        # ?refused=…: a decline refused (no reason, too long), redirected here (decline())
        errors, reason = notes.decline_refusal(ctx, request.query_params)
        return page("signer/decline.html", ctx=ctx, base=base(token), errors=errors, reason=reason)

    @post("/decline", status_code=200)
    async def decline(
        self, token: str, request: Request, settings: Settings
    ) -> Template | Redirect:
        ctx = await open_ctx(token, request, settings, consent=False)
        if ctx.finished:  # a decline form sent after signing (Back, then Decline): no change
            return Redirect(closing.already_done_url(token), status_code=303)
        reason = str((await request.form()).get("reason") or "")
        try:
            if ctx.recipient["status"] != "declined":  # else a second click: the same page
                await closing.decline(ctx, reason, client_ip(request), user_agent(request))
        except Conflict:
            if not await closing.moved_meanwhile(ctx, "declined"):
                raise
        except Invalid:
            # Post/Redirect/Get, so Back is no "Confirm Form Resubmission"; a reason too
            # long is kept to be shown again (runtime/signing/notes.py)
            query = await notes.refused_decline(ctx, reason)
            return Redirect(f"{base(token)}/decline{query}", status_code=303)
        # Post/Redirect/Get: the link's start page shows a declined recipient the declined
        # page, and reloading it does not ask to send the form again
        return Redirect(f"{base(token)}/", status_code=303)

    @staticmethod
    def _index(ctx: SigningContext, number: int) -> int:
        if not 1 <= number <= len(ctx.sections):
            raise NotFound(_("There is no such step in this form."))
        return number - 1


__all__ = ["SigningController", "UploadFile"]


def _asks(component: str) -> bool:
    """A component the signer answers (not a heading, paragraph or computed value)."""
    found = get_component(component)
    return found is None or found.holds_value


async def _saved_in_another_window(
    ctx: SigningContext, token: str, index: int, form: Any, back_to_review: bool
) -> Template:
    """Another window saved this step since this page opened: show what was typed here
    without writing it over theirs; Continue again keeps it (decision 0005)."""
    await service.ensure_can_act(ctx)
    typed = service.read_section(ctx, ctx.sections[index], form)
    context = step_context(
        ctx,
        token,
        index,
        raw_values=defaults.on_page(typed, form),
        other_window=True,
        return_to_review=back_to_review,
    )
    return page("signer/step.html", status_code=409, **context)


def _onwards(ctx: SigningContext, token: str, section_key: str, back_to_review: bool) -> Redirect:
    """Where a step's good answers lead: the next step, or the review. Back from the
    review, a changed answer may bring up questions not answered yet (a step that now
    shows): those come first, or the review would list them as "Not provided"."""
    if back_to_review:
        gap = service.first_incomplete_step(ctx)
        if gap is not None:
            return Redirect(f"{base(token)}/step/{gap[0] + 1}?return=review", status_code=303)
        return Redirect(f"{base(token)}/review", status_code=303)
    following = service.next_step_after(ctx, section_key)
    if following is not None:
        return Redirect(f"{base(token)}/step/{following}", status_code=303)
    return Redirect(f"{base(token)}/review", status_code=303)
