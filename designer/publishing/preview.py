"""Preview as each role: the wizard as that signer sees it, and the PDF without a seal.

Nothing is stored: the answers typed into the preview travel with the form as JSON (the
author's own test data), are validated by the same components as real signing, and feed
the PDF preview, which is rendered by runtime.sealing but never signed.

Fields a link, the API or single sign-on fills in and locks (`prefill.lock`) are shown as
the signer sees them when the value was given: read-only, with a sample value (`Sample`).
"""

import asyncio
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from components import (
    Component,
    Definition,
    DefinitionError,
    Field,
    FieldError,
    Section,
    get_component,
    parse_definition,
)
from components.computed import compute_values
from components.registry import starting_values
from components.visibility import resolve, validate_answers, visible_sections
from runtime.branding.brand import Brand
from runtime.envelopes.document import build_blocks
from runtime.errors import Invalid
from runtime.i18n import numbers
from runtime.sealing.document import assets_dir, build_document_html
from runtime.sealing.inputs import SealInput
from runtime.sealing.render import render_pdf
from runtime.signing.service import best_effort

MAX_ANSWERS_JSON = 200_000
PREVIEW_ID = "PREVIEW — NOT SIGNED"


@dataclass(frozen=True)
class Sample:
    """The value the preview shows in a locked prefilled field, where the signer sees the
    value the link, the API or the sign-on claim gave."""

    value: Any  # what the field's macro shows
    text: str  # what the review step shows
    answer: Any = None  # what conditions and the PDF read: the value, unless a placeholder
    # that is no valid value (an amount shown as "[amount]")


def locked_samples(definition: Definition) -> dict[str, Sample]:
    """Every field whose prefill is locked, with its sample: the field's default, else a
    first option (choices), a tick (tick boxes) or today (dates), else a placeholder in
    brackets: the label, or "[amount]"/"[number]" in the narrow inputs of numbers."""
    samples = {}
    for _, f in definition.fields():
        component = get_component(f.component)
        if f.prefill is None or not f.prefill.lock or component is None:
            continue
        if not component.holds_value or not component.prefillable:
            continue
        if component.value_type == "list" and not f.options:  # a repeating group's rows
            continue
        samples[f.key] = _sample(component, f)
    return samples


def samples(definition: Definition) -> dict[str, Sample]:
    """What the preview fills in by itself: locked prefilled fields (`locked_samples`) and
    attachment requests, whose files it cannot take (`preview_files`)."""
    from designer.publishing.preview_files import file_samples

    return {**locked_samples(definition), **file_samples(definition)}


def _sample(component: Component, f: Field) -> Sample:
    typical: Any = None
    if f.options:
        typical = f.options[0].value
    elif component.value_type == "boolean":
        typical = True
    elif component.value_type == "date":
        typical = dt.date.today().isoformat()
    for candidate in (f.default, typical):
        try:
            value = component.clean(candidate, f)
        except FieldError:
            continue
        if value is not None:
            return Sample(value, answer_text(component, f, value), value)
    if component.value_type == "number":
        placeholder = "[amount]" if component.name == "money" else "[number]"
    else:
        placeholder = f"[{f.label.strip()}]"
    try:
        answer = component.clean(placeholder, f)
    except FieldError:
        answer = None
    return Sample(placeholder, placeholder, answer)


def answer_text(component: Component, f: Field, value: Any) -> str:
    """An answer as a signer of the preview's language reads it: amounts and numbers their
    language's way ("42.000,00 £" in Vietnamese, runtime/i18n/numbers.py), as in signing."""
    if f.component in numbers.LOCALISED:
        return numbers.answer_text(f, value)
    return component.display(value, f)


def understood(definition: Definition, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed numbers and amounts by what they mean, in the language they were typed in
    (runtime/i18n/numbers.py `understood`): shown in another language, they are written
    its way and Continue accepts them, as the signer's autosave keeps them."""
    fields = {f.key: f for _, f in definition.fields()}
    return {k: numbers.understood(fields[k], v) if k in fields else v for k, v in raw.items()}


def placeholders(definition: Definition) -> dict[str, str]:
    """The locked samples that are no value, by field: their text in brackets, which the
    PDF preview shows where the answer would be (conditions read the field as empty)."""
    return {k: s.text for k, s in locked_samples(definition).items() if s.answer is None}


def with_samples(answers: dict[str, Any], samples: dict[str, Sample]) -> dict[str, Any]:
    """The answers as a real envelope holds them: locked fields carry what the link, the API
    or the sign-on gave, here their samples (`locked_samples`). Conditions read these, as
    in signing, so a step shown because of a locked value is shown in the preview too."""
    return {**answers, **{k: s.answer for k, s in samples.items() if s.answer is not None}}


@dataclass
class Step:
    """One preview page: the role's visible steps, which one is shown, and its state."""

    definition: Definition
    role: str
    sections: list[Section]
    index: int
    answers: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> Section | None:
        return self.sections[self.index] if 0 <= self.index < len(self.sections) else None

    @property
    def values(self) -> dict[str, Any]:
        """What the step's fields show: the answers, else their default answer (as the
        signer's wizard starts them), and what was just posted over both."""
        section = self.section
        starting = starting_values(section.fields) if section else {}
        values = {**starting, **self.answers, **self.raw}
        for f in section.fields if section else ():
            if f.component == "phone" and f.key not in self.raw and f.key in self.answers:
                # a stored phone grouped as the signer's step shows it (+33 6 12 34 56 78)
                values[f.key] = numbers.format_phone(values[f.key])
        if section and any(f.component == "computed" for f in section.fields):
            # worked out from what is on the page now, as the signer's wizard shows them
            typed = best_effort(self.definition, self.raw)
            data = {**with_samples(self.answers, samples(self.definition)), **typed}
            values.update(compute_values(self.definition, data))
        return values

    def components(self) -> dict[str, Any]:
        section = self.section
        return {f.key: get_component(f.component) for f in section.fields} if section else {}

    @property
    def shown(self) -> set[str]:
        """The step's fields a signer sees with these answers (and what was just typed):
        a question whose rule does not hold is not on the page, as in signing."""
        typed = best_effort(self.definition, self.raw)
        data = {**with_samples(self.answers, samples(self.definition)), **typed}
        return resolve(self.definition, data).fields


def parsed(definition: dict[str, Any]) -> Definition:
    try:
        return parse_definition(definition)
    except DefinitionError:
        raise Invalid("Fix the problems listed on the publish page before previewing.") from None


def load_answers(raw: str, definition: Definition) -> dict[str, Any]:
    """Preview answers posted back as JSON; anything odd is simply dropped."""
    if not raw or len(raw) > MAX_ANSWERS_JSON:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    keys = {f.key for _, f in definition.fields()}
    return {k: v for k, v in data.items() if k in keys} if isinstance(data, dict) else {}


def role_of(definition: Definition, role: str) -> str:
    signers = [r.key for r in definition.roles if r.kind == "signer"]
    if role in {r.key for r in definition.roles}:
        return role
    return signers[0] if signers else definition.roles[0].key


def step(
    definition: Definition,
    role: str,
    answers: dict[str, Any],
    number: int,
    raw: dict[str, Any] | None = None,
) -> Step:
    """The role's step `number` for these answers (earlier parties' too: conditions read
    them, as in signing); `raw`, values typed on the page but not accepted yet."""
    data = {**with_samples(answers, samples(definition)), **best_effort(definition, raw or {})}
    sections = visible_sections(definition, role, data)
    index = max(0, min(number - 1, len(sections)))
    return Step(definition, role, sections, index, answers, raw=raw or {})


def typed(
    definition: Definition, role: str, answers: dict[str, Any], number: int, form: Any
) -> Step:
    """The step while the author types, before Continue: what the signer's autosave shows
    (questions and steps appear and vanish); nothing is validated or kept."""
    current = step(definition, role, answers, number)
    section = current.section
    locked = samples(definition)
    raw: dict[str, Any] = {}
    for f in section.fields if section else []:
        component = get_component(f.component)
        if component is not None and component.holds_value and f.key not in locked:
            raw[f.key] = component.read(form, f.key)
    return step(definition, role, answers, number, raw)


def submit(
    definition: Definition, role: str, answers: dict[str, Any], number: int, form: Any
) -> Step:
    """Validate one step like the signer's wizard; the returned step is where to go next."""
    current = step(definition, role, answers, number)
    section = current.section
    if section is None:
        return current
    # a locked field's value comes from the link or the API, checked there, and files are
    # not uploaded here: the preview's sample is neither read back nor validated nor kept
    locked = samples(definition)
    raw: dict[str, Any] = {}
    for f in section.fields:
        component = get_component(f.component)
        if component is not None and component.holds_value and f.key not in locked:
            raw[f.key] = component.read(form, f.key)
    stored, errors = validate_answers(
        definition,
        {**with_samples(answers, locked), **raw},
        keys={f.key for f in section.fields} - set(locked),
    )
    own = {f.key for s in definition.sections_for(role) for f in s.fields} - set(locked)
    # other parties' answers stay: a later role's steps and rules read them, as in signing
    kept = {k: v for k, v in answers.items() if k not in own}
    kept.update({k: v for k, v in stored.items() if k in own})
    # a default the author emptied stays empty on Back (the wizard keeps a "" draft)
    emptied = {f.key for f in section.fields} | {k for k, v in answers.items() if v is None}
    mine = (f for s in definition.sections_for(role) for f in s.fields)
    kept.update(
        {k: None for k in starting_values(mine) if k in emptied and k in own and k not in kept}
    )
    if errors:
        failed = step(definition, role, kept, number, raw)
        failed.errors = errors
        return failed
    return step(definition, role, kept, current.index + 2)


def upload_rules(current: Step, cap: int | None = None) -> dict[str, dict[str, Any]]:
    """What each attachment request of the step accepts, for its hint, as the signer's step
    tells it: `cap`, the server's own limit (FORMSEAL_MAX_UPLOAD_BYTES), when it is smaller
    than the request's (a request for 25 MB on a 20 MB server reads "up to 20 MB")."""
    from runtime.signing.views import upload_rules as signer_rules

    section = current.section
    return {
        f.key: signer_rules(f, cap)
        for f in (section.fields if section else [])
        if f.component == "attachment"
    }


def review_rows(definition: Definition, role: str, answers: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    given = samples(definition)
    shown = resolve(definition, with_samples(answers, given)).fields
    for section in visible_sections(definition, role, with_samples(answers, given)):
        for f in section.fields:
            component = get_component(f.component)
            if component is None or getattr(component, "layout_only", False):
                continue
            if f.key not in shown:  # a question its rule hid: not asked, not listed
                continue
            if f.key in given:
                rows.append({"label": f.label, "text": given[f.key].text})
            else:
                text = answer_text(component, f, answers.get(f.key))
                rows.append({"label": f.label, "text": text})
    return rows


def _pdf(
    definition: Definition,
    answers: dict[str, Any],
    organisation: str,
    theme_dir: Path,
    brand: Brand | None = None,
    stand_ins: dict[str, str] | None = None,
) -> bytes:
    seal_input = SealInput(
        envelope_id=PREVIEW_ID,
        template_name=definition.name,
        template_version=0,
        version_sha256="",
        language=definition.language,
        blocks=build_blocks(definition, answers, [], placeholders=stand_ins),
        answers=answers,
        organisation_name=organisation,
        brand=brand,
    )
    themes_dir, theme = theme_dir.parent, theme_dir.name
    html = build_document_html(seal_input, themes_dir=themes_dir, theme=theme, watermark="PREVIEW")
    folder = assets_dir(seal_input, themes_dir=themes_dir, theme=theme)
    return render_pdf(html, assets_dir=folder, max_pages=100)


async def pdf(
    definition: Definition,
    answers: dict[str, Any],
    organisation: str,
    theme_dir: Path,
    brand: Brand | None = None,
    stand_ins: dict[str, str] | None = None,
) -> bytes:
    """The document pages for these answers, rendered in a worker thread, unsigned, with
    the organisation's brand (runtime/branding) as the sealed PDF will have it.
    `stand_ins` show where a field has no answer (`placeholders`: a locked sample that is
    no value reads "[Email address]", as in the wizard, not "—" as if nobody answered)."""
    return await asyncio.to_thread(
        _pdf, definition, answers, organisation, theme_dir, brand, stand_ins
    )
