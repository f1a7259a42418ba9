"""What the signer pages show: the context each template gets, built from a SigningContext."""

from typing import Any, NamedTuple

from components import Field, Section, get_component
from components.computed import compute_values
from components.fields import group
from components.fields.attachment import accept_attribute, describe_types, max_size
from runtime import i18n
from runtime.i18n import numbers
from runtime.i18n.dates import format_date
from runtime.i18n.jinja import file_size, limit_size
from runtime.i18n.messages import translate_errors
from runtime.signing import defaults, service, windows
from runtime.signing.group_rows import removed_row
from runtime.signing.service import SigningContext


def base(token: str) -> str:
    return f"/s/{token}"


class FieldSlot(NamedTuple):
    """One shown field of a step, as partials/signer/_step_fields_inner.html draws it: its
    macro (Component.macro) called with `field`, `value`, `error` and `locked`, or only an
    empty slot when `render` is false (an autosave's answer for a field the page has)."""

    field: Field
    macro: str
    value: Any
    error: Any
    locked: bool
    render: bool


def step_context(ctx: SigningContext, token: str, index: int, **extra: Any) -> dict[str, Any]:
    """Everything step.html and its fields partial need. `raw_values` are what was just
    posted; fields are shown when visible for those values (the server decides). `state`:
    the step's fingerprint when the caller has just worked it out (an autosave sends it in
    a header too), so it is not worked out twice."""
    section = ctx.sections[index]
    state = extra.pop("state", None)
    raw = _posted_with_defaults(ctx, section, extra.pop("raw_values", {}))
    values = _values_shown(ctx, section, raw)
    shown = service.visible_field_keys(ctx, raw)
    files = {
        f.key: service.attached_files(ctx, f.key)
        for f in section.fields
        if f.component == "attachment"
    }
    components = {f.key: get_component(f.component) for f in section.fields}
    rendered = _needing_markup(shown, components, extra.pop("kept", frozenset()))
    rules = {
        f.key: {**upload_rules(f, ctx.upload_cap), **room_left(f, files[f.key], ctx.upload_room)}
        for f in section.fields
        if f.component == "attachment"
    }
    errors = translate_errors(extra.pop("errors", {}))
    removal = extra.pop("removal", None)  # the removed row's note id, from the page's query
    slots = [
        FieldSlot(
            f,
            getattr(components[f.key], "macro", ""),
            files[f.key] if f.key in files else values.get(f.key),
            errors.get(f.key),
            ctx.locked(f.key),
            f.key in rendered,
        )
        for f in section.fields
        if f.key in shown
    ]
    return {
        "ctx": ctx,
        "token": token,
        "base": base(token),
        "rules": rules,
        # what the field macros (partials/_fields.html) are told about the page
        "field_page": {
            "base": base(token),
            "policy": ctx.signature_policy,
            "rules": rules,
            "errors": errors,
            "picture_max": picture_limit(ctx.upload_cap),
            # where a row was removed by the post this page is the redirect of, and the
            # words (signing/group_rows.py)
            "removed": {
                f.key: removed_row(ctx, f, _rows_shown(f, values.get(f.key)), removal)
                for f in section.fields
                if f.component == "group" and f.key in shown
            },
        },
        "section": section,
        # the one question of a step worded as its heading: its label is not shown twice
        "heading_key": heading_question(section),
        "index": index,
        "number": index + 1,
        "total": len(ctx.sections) + 1,
        "rendered": rendered,
        "slots": slots,
        "shown": shown,
        "shown_keys": " ".join(f.key for f in section.fields if f.key in shown),
        "policy": ctx.signature_policy,
        "errors": errors,
        "return_to_review": extra.pop("return_to_review", False),
        "revealed": extra.pop("revealed", False),
        # another window saved this step since this page opened (runtime/signing/windows.py)
        "other_window": extra.pop("other_window", False),
        "state": state if state is not None else windows.step_state(ctx, section),
        "has_uploads": any(
            f.component in ("attachment", "signature", "initials") for f in section.fields
        ),
        # the step asks for a signature: the page links the document to read first
        "signs": any(f.component in ("signature", "initials") for f in section.fields),
        **extra,
    }


def _posted_with_defaults(
    ctx: SigningContext, section: Section, raw: dict[str, Any]
) -> dict[str, Any]:
    """What was just posted, read in this page's language, with the step's default answers:
    a default is what the page starts with, as if typed, so conditions see it too."""
    if raw and numbers.typed_elsewhere():  # typed in the page's old language: shown in this one
        fields = {f.key: f for f in section.fields}
        raw = {k: numbers.understood(fields[k], v) if k in fields else v for k, v in raw.items()}
    return {**defaults.pending_defaults(ctx, section, raw), **raw}


def _values_shown(ctx: SigningContext, section: Section, raw: dict[str, Any]) -> dict[str, Any]:
    """Each field's value as the step shows it: stored answers, the draft, then what was
    posted; stored phone numbers written out, computed values worked out afresh."""
    values = {**ctx.answers, **ctx.draft, **raw}
    for f in section.fields:
        if f.component == "phone" and _stored(ctx, f.key, raw):
            # stored "+33612345678" -> "+33 6 12 34 56 78", as the sealed PDF writes it
            # (read back as the same number); a draft or a posted value as typed
            values[f.key] = numbers.format_phone(values.get(f.key))
        elif f.component == "group" and _stored(ctx, f.key, raw):
            values[f.key] = _rows_with_grouped_phones(f, values.get(f.key))
    if any(f.component == "computed" for f in section.fields):
        # worked out from what is on the page now (drafts too), not from the last Continue
        values.update(compute_values(ctx.definition, ctx.preview_data(raw)))
    return values


def _rows_shown(group: Any, rows: Any) -> int:
    """How many rows the group's macro draws for `rows` (partials/_fields.html group)."""
    minimum = group.validation.get("min_rows", 0)
    count = len(rows) if isinstance(rows, list) else 0
    return max(count, minimum if isinstance(minimum, int) else 0, 1)


def _same_words(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(":?.？。")


def heading_question(section: Any) -> str | None:
    """The key of a step's only question when its label says what the step's heading says
    ("Describe the incident" twice, one under the other). The page then shows the heading
    once and keeps the label for screen readers (visually hidden, still the input's label).
    A tick box keeps its label: it is the sentence being confirmed, beside the box."""
    asked = [
        f
        for f in section.fields
        if not getattr(get_component(f.component), "layout_only", False)
        and f.component != "computed"
    ]
    if len(asked) != 1 or asked[0].component == "checkbox":
        return None
    only = asked[0]
    return only.key if _same_words(only.label) == _same_words(section.title or "") else None


def _rows_with_grouped_phones(field: Field, rows: Any) -> Any:
    """A stored group's rows with their phone numbers grouped ("+33 6 12 34 56 78"), as a
    phone outside a group is shown; copies, the stored answer is left as it is."""
    phones = [sub.key for sub in field.fields or () if sub.component == "phone"]
    if not phones or not isinstance(rows, list):
        return rows
    return [
        {**row, **{k: numbers.format_phone(row[k]) for k in phones if row.get(k)}}
        if isinstance(row, dict)
        else row
        for row in rows
    ]


def _stored(ctx: SigningContext, key: str, raw: dict[str, Any]) -> bool:
    """The field's value is what was stored (an answer, prefill), not what the signer typed."""
    return key not in ctx.draft and (key not in raw or ctx.locked(key))


def _needing_markup(shown: set[str], components: dict[str, Any], kept: frozenset[str]) -> set[str]:
    """The shown fields to render. An autosave names the fields the page already has
    (`kept`, from `__shown`): the page keeps its own copy of those, so only the others,
    and computed values (worked out again from the new answers), need their markup."""
    return {
        key
        for key in shown
        if key in components
        and (key not in kept or getattr(components[key], "macro", "") == "computed")
    }


def upload_cap(settings: Any) -> int:
    """The largest file a signer may upload: FORMSEAL_MAX_UPLOAD_BYTES, the bytes the
    operator chose (20,971,520 set stays 20,971,520); signers read it in MB of 1,000,000
    bytes rounded down (file_size at_most: "20.9 MB"), as every other limit. The form
    around the file is not taken from it: a request may be MULTIPART_OVERHEAD
    (runtime/files.py) larger (it was, and 200 KB set read "up to 131 KB each")."""
    return max(1, settings.max_upload_bytes)


#: the largest picture of a signature a signer may upload (its hint says so): 5 MB of
#: 1,000,000 bytes, as every size formseal names
SIGNATURE_UPLOAD_MAX = 5_000_000


def picture_limit(cap: int | None) -> int:
    """The largest picture of a signature taken: 5 MB, or the server's cap when that is
    smaller (FORMSEAL_MAX_UPLOAD_BYTES), so the hint and the refusal name the real limit."""
    return min(SIGNATURE_UPLOAD_MAX, cap) if cap else SIGNATURE_UPLOAD_MAX


def file_limit(field: Any, cap: int | None) -> int:
    """The largest file an attachment request takes: its own `max_size`, or the server's
    cap when that is smaller (an author may set more than the server accepts)."""
    return min(max_size(field), cap) if cap else max_size(field)


def limit_size_words(field: Any, cap: int | None) -> str:
    """The limit a signer is told: the request's own as its author set it (limit_size:
    100,000 bytes "100 KB"), or the server's cap (FORMSEAL_MAX_UPLOAD_BYTES, rounded down:
    20,971,520 "20.9 MB") when that is the smaller."""
    if cap and cap < max_size(field):
        return file_size(cap, at_most=True)
    return limit_size(max_size(field))


def upload_rules(field: Any, cap: int | None = None) -> dict[str, Any]:
    """What an attachment request accepts, for its hint and the upload script; `cap`: the
    server's own limit (`upload_cap`), told to the signer when it is the smaller."""
    return {
        "accept": accept_attribute(field),
        "types": describe_types(field, i18n.or_list),
        "max_size": file_limit(field, cap),
        "size": limit_size_words(field, cap),
        "max_files": field.validation.get("max_files", 1),
        "min_files": field.validation.get("min_files", 0),
    }


def room_left(field: Any, files: list, room: tuple[int, int] | None) -> dict[str, Any]:
    """`more`: the files the signer may still upload when their cap over every request
    (FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES) leaves fewer than this request's own room, so
    its hint says "You can upload 2 more files." instead of "up to 5 files"; `most`: the cap.
    At the cap (`more` 0) every request says why and its chooser is disabled."""
    if room is None:
        return {}
    most = field.validation.get("max_files", 1)
    own = 1 if most == 1 else max(0, most - len(files))  # one file is replaced by the next
    return {"more": room[0], "most": room[1]} if room[0] < own or room[0] == 0 else {}


def group_rows(field: Field, value: Any) -> list[list[dict[str, str]]]:
    """A repeating group's answer as rows of (label, text) cells, for Check your answers
    to show each row as its own small list instead of one run-on line per row."""
    if field.component != "group" or not isinstance(value, list) or not field.fields:
        return []
    headers, cells = group.table(value, field, numbers.answer_text)
    return [
        [{"label": label, "text": text} for label, text in zip(headers, row, strict=True) if text]
        for row in cells
    ]


def review_context(ctx: SigningContext, token: str) -> dict[str, Any]:
    """Own answers with Change links; approvers see every signer's answers, read-only."""
    if ctx.is_approver:
        sections = [s for s in ctx.definition.sections if s.role != ctx.recipient["role"]]
        answers = ctx.envelope["answers"]
    else:
        sections, answers = ctx.sections, ctx.answers
    # an approver reads what the signers were asked: a question or a step their rules
    # hid is left out, as the sealed PDF leaves it (not listed as "Not provided")
    shown = service.visible_field_keys(ctx)
    rows = []
    for index, section in enumerate(sections):
        said = heading_question(section)  # its label repeats the step's title: shown once
        for f in section.fields:
            component = get_component(f.component)
            assert component is not None
            if component.layout_only or f.key not in shown:
                continue
            value = answers.get(f.key)
            if f.component in numbers.LOCALISED:  # "42 000,00 £GB" on a French page
                text = numbers.answer_text(f, value)
            else:
                text = component.display(value, field=f)
            if f.component == "date" and value:
                text = format_date(value)
            rows.append(
                {
                    "key": f.key,
                    "label": f.label,
                    "component": f.component,
                    # as given: components word their own fixed words ("Yes" of a tick
                    # box, "Signed: …") in the page's language; a signer's "No" or an
                    # author's option "Yes" is not a message to translate
                    "text": text,
                    "image": value.get("image") if isinstance(value, dict) else None,
                    "typed": value.get("text")
                    if isinstance(value, dict) and value.get("kind") == "typed"
                    else None,
                    "files": value
                    if f.component == "attachment" and isinstance(value, list)
                    else [],
                    "group_rows": group_rows(f, value),
                    # the author's word for a row ("Director"), else the page says "Row"
                    "row_label": group.row_label(f) if f.validation.get("row_label") else "",
                    "step": index + 1,
                    "section": section.title,
                    "heading": f.key == said,
                    "locked": ctx.is_approver or ctx.locked(f.key),
                }
            )
    return {
        "ctx": ctx,
        "base": base(token),
        "rows": rows,
        "total": len(ctx.sections) + 1,
        "state": windows.review_state(ctx),
    }
