"""The rule builder's endpoint: every change re-renders the builder; complete rules save."""

import uuid
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, post
from litestar.response import Template

from designer import drafts
from designer.accounts import CurrentUser, requires_role
from designer.editor import service, tab_context
from designer.editor.responses import revision_of, saved_elsewhere, saved_headers
from designer.editor.upload_limit import server_cap
from designer.logic import builder, rules, targets
from designer.web import as_list, form_data, partial, text
from runtime.errors import Invalid


def _starting_field(candidates: list[dict[str, Any]], target: str) -> dict[str, Any]:
    """The question a new condition starts on. A field's or a step's: the last one answered
    before it, the nearest and most often the one it depends on, passing over those whose
    first test needs no value (a signature "is signed", an upload, a tick box), which would
    save a rule the author had not chosen; the nearest before it when all are such. A
    role's or a block's: the form's first question."""
    if not target.startswith(("field:", "section:")):
        return candidates[0]
    answered = [f for f in candidates if rules.operators_for(f)[0].takes != "none"]
    return (answered or candidates)[-1]


def _edited_rows(data: dict[str, Any], definition: dict[str, Any], target: str) -> dict[str, Any]:
    """The posted rows after 'remove' or 'add', as the builder should show them next."""
    fields, ops, values = (as_list(data, k) for k in ("cond_field", "cond_op", "cond_value"))
    for row in as_list(data, "cond_picks"):  # a row of tick boxes: the options ticked in it
        if row.isdigit() and int(row) < len(values):
            values[int(row)] = ", ".join(as_list(data, f"cond_pick_{row}"))
    remove = text(data, "drop", 5)
    if remove.isdigit() and int(remove) < len(fields):
        i = int(remove)
        for column in (fields, ops, values):
            if i < len(column):
                del column[i]
    if text(data, "do", 10) == "add":
        before = targets.resolve(definition, target).before
        candidates = rules.rule_fields(definition, before)
        if candidates:
            first = _starting_field(candidates, target)
            fields.append(str(first.get("key")))
            op = rules.operators_for(first)[0]
            ops.append(op.id)
            # no value yet, whatever the field: tick boxes start unticked and a list of
            # options says "Choose a value…". A first option chosen for the author ("Client
            # type is Person") was a rule saved at once that they had not chosen.
            values.append("")
    return {
        "cond_field": fields,
        "cond_op": ops,
        "cond_value": values,
        "combinator": text(data, "combinator", 5),
    }


def _still_at_it(problem: Invalid, data: dict[str, Any], posted: dict[str, Any]) -> bool:
    """Whether what the rule lacks is only the value of the condition the author is still
    at: said as a hint ("Choose the value to compare “Client type” with."), not an error.
    A condition just added has no value yet, nor one whose question or test was just
    changed. It is an error once they leave it without its value for another condition
    (Add another condition with an earlier one unfinished) or press Enter to save it."""
    if not isinstance(problem, rules.Incomplete):
        return False
    do = text(data, "do", 10)
    if do == "save":  # Enter in a box: they mean it to be saved as it is
        return False
    return do != "add" or problem.row == len(posted["cond_field"]) - 1


class RulesController(Controller):
    path = "/templates/{draft_id:uuid}/rules"
    include_in_schema = False
    guards = [requires_role("author")]

    @post("/")
    async def save(
        self, request: Request, draft_id: uuid.UUID, current_user: CurrentUser
    ) -> Template:
        data = await form_data(request)
        target, tab = text(data, "item", 200), text(data, "tab", 20) or "form"
        state = await drafts.get(current_user.organisation_id, draft_id)
        posted = _edited_rows(data, state.definition, target)
        clear = text(data, "do", 10) == "clear"
        try:
            rule = rules.Rule() if clear else rules.parse_rule(posted, state.definition)
        except Invalid as problem:
            hint, message = _still_at_it(problem, data, posted), problem.detail
            if isinstance(problem, rules.Incomplete) and len(posted["cond_field"]) > 1:
                message = f"Condition {problem.row + 1}: {message}"  # which one, of several
            # an error (not the hint of a condition still being filled in) is a change
            # refused: the save bar says "Not saved" and why (designer-saving.js), not
            # "All changes saved" above a rule that was not
            refused = None if hint else {"X-Not-Saved": quote(message, safe=" ")}
            # the value box of a condition refused without its value is marked invalid and
            # described by the message, as a refused box of the properties is
            row = problem.row if isinstance(problem, rules.Incomplete) and not hint else None
            return self._builder(
                state,
                target,
                tab,
                server_cap(request),
                posted=posted,
                message=message,
                hint=hint,
                invalid_row=row,
                headers=refused,
            )

        def edit(d: dict[str, Any]) -> None:
            targets.set_logic(targets.resolve(d, target), rules.to_logic(rule))

        state, _ = await service.change(
            current_user.organisation_id,
            draft_id,
            edit,
            actor=current_user.email,
            summary="Changed a rule",
            revision=revision_of(request),
        )
        if shown := text(data, "shown", 200):  # Retry, the panel replaced (responses.py)
            return saved_elsewhere(request, state, tab, target, shown)
        return self._builder(state, target, tab, server_cap(request), saved=True)

    @staticmethod
    def _builder(
        state: drafts.DraftState,
        target: str,
        tab: str,
        upload_cap: int | None,
        *,
        posted: dict[str, Any] | None = None,
        message: str = "",
        hint: bool = False,
        invalid_row: int | None = None,
        saved: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Template:
        resolved = targets.resolve(state.definition, target)
        rule = builder.build(
            state.definition,
            target,
            resolved.owner.get(resolved.attribute),
            subject=resolved.subject,
            before=resolved.before,
            posted=posted,
            message=message,
            hint=hint,
            invalid_row=invalid_row,
        )
        tab = tab if tab in ("form", "document", "roles") else "form"
        context = tab_context(tab, state, target, upload_cap)
        return partial(
            "_rule_saved.html",
            headers=saved_headers(state) if saved else headers,
            rule=rule,
            saved=saved,
            **{**context, "tab": tab},
        )
