"""The signer's pages at /s/<token>: steps, review, finish, confirmation, download.

Thin: every rule is in signing.service. Works without JavaScript; the drawn signature is
the only thing that needs it, and a typed name is the fallback.
"""

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from components import get_component
from runtime.api.envelopes import pdf_response
from runtime.errors import Conflict, Invalid, NotFound
from runtime.files import read_file
from runtime.settings import Settings
from runtime.signing import service
from runtime.signing.service import SigningContext
from runtime.web.pages import client_ip, page, user_agent


def _base(token: str) -> str:
    return f"/s/{token}"


def _step_context(ctx: SigningContext, token: str, index: int, **extra: Any) -> dict[str, Any]:
    section = ctx.sections[index]
    return {
        "ctx": ctx,
        "token": token,
        "base": _base(token),
        "section": section,
        "index": index,
        "number": index + 1,
        "total": len(ctx.sections) + 1,
        "components": {f.key: get_component(f.component) for f in section.fields},
        "values": {**ctx.answers, **extra.pop("raw_values", {})},
        "errors": extra.pop("errors", {}),
        "return_to_review": extra.pop("return_to_review", False),
        **extra,
    }


def _change_rows(ctx: SigningContext, index: int, form: Any) -> dict[str, Any] | None:
    """Handle a repeating group's Add / Remove buttons; None when neither was pressed."""
    section = ctx.sections[index]
    for f in section.fields:
        if f.component != "group":
            continue
        add, remove = form.get(f"{f.key}__add"), form.get(f"{f.key}__remove")
        if add is None and remove is None:
            continue
        raw = service.read_section(ctx, section, form)
        rows = list(raw.get(f.key) or [])
        if add is not None:
            rows.append({})
        elif str(remove).isdigit() and int(str(remove)) < len(rows):
            rows.pop(int(str(remove)))
        raw[f.key] = rows
        return raw
    return None


class SigningController(Controller):
    path = "/s/{token:str}"
    include_in_schema = False

    async def _open(self, token: str, request: Request) -> SigningContext:
        ctx = await service.open_context(token)
        if ctx.recipient["embed_origin"]:
            request.state.frame_ancestors = await service.frame_ancestors(ctx)
        return ctx

    @get("/")
    async def start(self, token: str, request: Request) -> Redirect | Template:
        ctx = await self._open(token, request)
        if ctx.finished or ctx.envelope["status"] == "completed":
            return Redirect(f"{_base(token)}/done")
        if ctx.recipient["status"] == "declined":
            return page("signer/declined.html", ctx=ctx)
        await service.ensure_can_act(ctx)
        await service.mark_viewed(ctx, client_ip(request), user_agent(request))
        if ctx.is_approver:
            return Redirect(f"{_base(token)}/review")
        step = min(ctx.recipient["current_step"], len(ctx.sections))
        if step >= len(ctx.sections):
            return Redirect(f"{_base(token)}/review")
        return Redirect(f"{_base(token)}/step/{step + 1}")

    @get("/step/{number:int}")
    async def show_step(self, token: str, number: int, request: Request) -> Template | Redirect:
        ctx = await self._open(token, request)
        if ctx.finished:
            return Redirect(f"{_base(token)}/done")
        await service.ensure_can_act(ctx)
        await service.mark_viewed(ctx, client_ip(request), user_agent(request))
        index = self._index(ctx, number)
        back = request.query_params.get("return") == "review"
        return page("signer/step.html", **_step_context(ctx, token, index, return_to_review=back))

    @post("/step/{number:int}")
    async def save_step(self, token: str, number: int, request: Request) -> Template | Redirect:
        ctx = await self._open(token, request)
        index = self._index(ctx, number)
        form = await request.form()
        rows_changed = _change_rows(ctx, index, form)
        if rows_changed is not None:  # "Add another" / "Remove": redraw, nothing is judged yet
            context = _step_context(ctx, token, index, raw_values=rows_changed)
            return page("signer/step.html", **context)
        section_key = ctx.sections[index].key
        raw_values, errors = await service.save_step(ctx, index, form)
        if errors:
            context = _step_context(
                ctx,
                token,
                index,
                raw_values=raw_values,
                errors=errors,
                return_to_review=request.query_params.get("return") == "review",
            )
            return page("signer/step.html", status_code=422, **context)
        back_to_review = request.query_params.get("return") == "review"
        following = service.next_step_after(ctx, section_key)
        if following is not None and not back_to_review:
            return Redirect(f"{_base(token)}/step/{following}", status_code=303)
        return Redirect(f"{_base(token)}/review", status_code=303)

    @get("/review")
    async def review(self, token: str, request: Request) -> Template | Redirect:
        ctx = await self._open(token, request)
        if ctx.finished:
            return Redirect(f"{_base(token)}/done")
        await service.ensure_can_act(ctx)
        return page("signer/review.html", **self._review_context(ctx, token))

    @post("/finish")
    async def finish(self, token: str, request: Request) -> Template | Redirect:
        ctx = await self._open(token, request)
        incomplete = service.first_incomplete_step(ctx)
        if incomplete is not None and not ctx.finished:
            index, errors = incomplete
            context = _step_context(ctx, token, index, errors=errors)
            return page("signer/step.html", status_code=422, **context)
        await service.finish(ctx, client_ip(request), user_agent(request))
        return Redirect(f"{_base(token)}/done", status_code=303)

    @get("/decline")
    async def decline_form(self, token: str, request: Request) -> Template:
        ctx = await self._open(token, request)
        await service.ensure_can_act(ctx)
        return page("signer/decline.html", ctx=ctx, base=_base(token), errors={}, reason="")

    @post("/decline")
    async def decline(self, token: str, request: Request) -> Template:
        ctx = await self._open(token, request)
        reason = str((await request.form()).get("reason") or "")
        try:
            await service.decline(ctx, reason, client_ip(request), user_agent(request))
        except Invalid as exc:
            return page(
                "signer/decline.html",
                status_code=422,
                ctx=ctx,
                base=_base(token),
                errors={"reason": exc.detail},
                reason=reason,
            )
        return page("signer/declined.html", ctx=ctx)

    @get("/done")
    async def done(self, token: str, request: Request) -> Template | Redirect:
        ctx = await self._open(token, request)
        if not self._may_download(ctx) and not ctx.finished:
            return Redirect(_base(token) + "/")
        return page(
            "signer/done.html",
            ctx=ctx,
            base=_base(token),
            sealed=ctx.envelope["sealed_file"] is not None,
            waiting_for_others=await service.others_waiting(ctx),
        )

    @get("/sealed.pdf")
    async def sealed_pdf(self, token: str, request: Request, settings: Settings) -> Response[bytes]:
        ctx = await self._open(token, request)
        if not (ctx.finished or self._may_download(ctx)):
            raise NotFound("The sealed document is available once you have signed.")
        if ctx.envelope["sealed_file"] is None:
            raise Conflict("Your document is still being sealed. Try again in a moment.")
        _, data = await read_file(
            settings, ctx.envelope["organisation"], ctx.envelope["sealed_file"]
        )
        return pdf_response(data, f"{ctx.envelope['id']}.pdf")

    @staticmethod
    def _may_download(ctx: SigningContext) -> bool:
        """cc recipients receive the sealed PDF once the envelope is completed."""
        return ctx.recipient["kind"] == "cc" and ctx.envelope["status"] == "completed"

    @staticmethod
    def _index(ctx: SigningContext, number: int) -> int:
        if not 1 <= number <= len(ctx.sections):
            raise NotFound("There is no such step in this form.")
        return number - 1

    @staticmethod
    def _review_context(ctx: SigningContext, token: str) -> dict[str, Any]:
        """Own answers with Change links; approvers see every signer's answers, read-only."""
        if ctx.is_approver:
            sections = [s for s in ctx.definition.sections if s.role != ctx.recipient["role"]]
            answers = ctx.envelope["answers"]
        else:
            sections, answers = ctx.sections, ctx.answers
        rows = []
        for index, section in enumerate(sections):
            for f in section.fields:
                component = get_component(f.component)
                assert component is not None
                value = answers.get(f.key)
                rows.append(
                    {
                        "key": f.key,
                        "label": f.label,
                        "text": component.display(value),
                        "image": value.get("image") if isinstance(value, dict) else None,
                        "step": index + 1,
                        "locked": ctx.is_approver or ctx.locked(f.key),
                    }
                )
        return {"ctx": ctx, "base": _base(token), "rows": rows, "total": len(ctx.sections) + 1}
