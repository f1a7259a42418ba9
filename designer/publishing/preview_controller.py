"""Preview pages: the wizard as each role sees it, and the PDF (rendered, never sealed)."""

import json
import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from designer import drafts
from designer.accounts import CurrentUser, requires_role
from designer.publishing import preview, preview_roles
from designer.web import form_data, page, partial, text, whole_number
from runtime import i18n
from runtime.branding.brand import Brand
from runtime.branding.resolve import brand_for_organisation, with_logo_inlined
from runtime.i18n.messages import translate_errors
from runtime.settings import Settings
from runtime.signing.views import upload_cap


def _language(definition: Any, asked: str) -> str:
    """The signer's language the preview is shown in (formseal's own words: buttons, errors,
    the step caption; the author's texts stay as written): the one asked for, else the
    template's (what a signer whose browser asks for none of formseal's languages sees)."""
    return i18n.set_language(i18n.supported(asked) or definition.language)


def _context(
    state: drafts.DraftState, current: preview.Step, settings: Settings, **extra: Any
) -> dict[str, Any]:
    """`settings`: the server's, whose largest upload a file request's hint tells when it is
    the smaller, as on the signer's step."""
    d = current.definition
    return {
        "language": i18n.current(),
        "errors": translate_errors(current.errors),
        "state": state,
        "tab": "preview",
        "definition": d,
        "step": current,
        "role": d.role(current.role),
        "roles": d.roles,
        "answers_json": json.dumps(current.answers, ensure_ascii=False, default=str),
        "rows": preview.review_rows(d, current.role, current.answers),
        "role_note": preview_roles.role_note(d, state.definition, current.role, current.answers),
        "approver_rows": preview_roles.approver_rows(d, current.role, current.answers)
        if current.role in {r.key for r in d.roles if r.kind == "approver"}
        else [],
        # what the shared field macros (partials/_fields.html) read from their context
        "policy": d.settings.signature_policy,
        "base": f"/designer/templates/{state.id}",
        "rules": preview.upload_rules(current, upload_cap(settings)),
        "samples": preview.samples(d),
        "locked_note": bool(preview.locked_samples(d)),
        **extra,
    }


class PreviewController(Controller):
    path = "/templates/{draft_id:uuid}/preview"
    include_in_schema = False
    guards = [requires_role("viewer")]  # previews POST sample answers but change nothing

    @get("/")
    async def start(
        self,
        draft_id: uuid.UUID,
        current_user: CurrentUser,
        settings: Settings,
        role: str = "",
        step: int = 1,
        language: str = "",
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        definition = preview.parsed(state.definition)
        _language(definition, language)
        current = preview.step(definition, preview.role_of(definition, role), {}, step)
        brand = await brand_for_organisation(current_user.organisation_id, cached=True)
        return page("preview.html", current_user, brand=brand, **_context(state, current, settings))

    @post("/")
    async def submit(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template:
        state = await drafts.get(current_user.organisation_id, draft_id)
        definition = preview.parsed(state.definition)
        form = await request.form()
        data = await form_data(request)
        role = preview.role_of(definition, text(data, "role", 100))
        # "The signer's language → Show" posts the step's form too (to_language), as below
        showing = text(data, "do", 10) == "language"
        # what is typed was typed the way of the language the step was shown in
        _language(definition, text(data, "language", 10))
        answers = preview.load_answers(
            text(data, "answers", preview.MAX_ANSWERS_JSON + 1), definition
        )
        number = whole_number(data, "step", 4, 1)
        other = text(data, "to", 100)  # "Preview as": another party, with the answers so far
        if showing:  # the same step in another language: nothing given or typed is lost
            answers = preview_roles.carried(definition, role, answers, number, form)
            raw = preview.understood(
                definition, preview.typed(definition, role, answers, number, form).raw
            )
            _language(definition, text(data, "to_language", 10))
            current = preview.step(definition, role, answers, number, raw)
        elif other:
            if text(data, "step", 4):  # from a step: its form, with what is typed not Continued
                answers = preview_roles.carried(definition, role, answers, number, form)
            current = preview.step(definition, preview.role_of(definition, other), answers, 1)
        elif text(data, "do", 10) == "back":
            current = preview.step(definition, role, answers, max(1, number - 1))
        else:
            current = preview.submit(definition, role, answers, number, form)
        status = 422 if current.errors else 200
        brand = await brand_for_organisation(current_user.organisation_id, cached=True)
        return page(
            "preview.html",
            current_user,
            status_code=status,
            brand=brand,
            **_context(state, current, settings),
        )

    @post("/fields", status_code=200)
    async def fields(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Template:
        """While the author types, before Continue: the step's questions and caption for
        what is typed so far, as the signer's autosave shows them (nothing is kept)."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        definition = preview.parsed(state.definition)
        form = await request.form()
        data = await form_data(request)
        role = preview.role_of(definition, text(data, "role", 100))
        _language(definition, text(data, "language", 10))
        answers = preview.load_answers(
            text(data, "answers", preview.MAX_ANSWERS_JSON + 1), definition
        )
        number = whole_number(data, "step", 4, 1)
        current = preview.typed(definition, role, answers, number, form)
        return partial(
            "_preview_typed.html", user=current_user, **_context(state, current, settings)
        )

    @get("/brand.css")
    async def brand_css(self, draft_id: uuid.UUID, current_user: CurrentUser) -> Response[str]:
        """The organisation's brand on the preview's signer page only (not on the designer
        around it): colour, header and font, as signers see them. Another organisation's
        template id is a 404 here too, as on every page under it."""
        await drafts.get(current_user.organisation_id, draft_id)
        brand = await brand_for_organisation(current_user.organisation_id)
        return Response(
            brand.scoped_stylesheet(".signer-frame"),
            media_type="text/css; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    @get("/pdf")
    async def blank_pdf(
        self, draft_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Response[bytes]:
        """The PDF with no answers yet: merge fields and answers show a dash (—)."""
        state = await drafts.get(current_user.organisation_id, draft_id)
        definition = preview.parsed(state.definition)
        body = await preview.pdf(
            definition,
            {},
            current_user.organisation_name,
            settings.theme_dir,
            brand=await _brand(current_user, settings),
        )
        return _pdf_response(body)

    @post("/pdf", status_code=200)
    async def pdf(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser, settings: Settings
    ) -> Response[bytes]:
        state = await drafts.get(current_user.organisation_id, draft_id)
        definition = preview.parsed(state.definition)
        data = await form_data(request)
        answers = preview.load_answers(
            text(data, "answers", preview.MAX_ANSWERS_JSON + 1), definition
        )
        body = await preview.pdf(
            definition,
            preview.with_samples(answers, preview.samples(definition)),
            current_user.organisation_name,
            settings.theme_dir,
            brand=await _brand(current_user, settings),
            stand_ins=preview.placeholders(definition),
        )
        return _pdf_response(body)


def _pdf_response(body: bytes) -> Response[bytes]:
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'inline; filename="preview.pdf"',
            "Cache-Control": "no-store",
        },
    )


async def _brand(user: CurrentUser, settings: Settings) -> Brand:
    """The organisation's brand with its logo inlined, as the sealed PDF will show it."""
    return await with_logo_inlined(settings, await brand_for_organisation(user.organisation_id))
