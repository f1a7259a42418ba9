"""Preview as a party other than the first signer: when a conditional role takes part, what
an approver reads, and who signs for an organisation role. The answers are those given so
far in the preview, every party's, as a real envelope holds them."""

from typing import Any

from components import Definition, FieldError, get_component
from components.visibility import active_roles, resolve, visible_sections
from designer.logic.sentences import describe
from designer.publishing.preview import answer_text, samples, typed, with_samples


def carried(
    definition: Definition, role: str, answers: dict[str, Any], number: int, form: Any
) -> dict[str, Any]:
    """The answers with what is typed on the role's step `number` but not Continued yet, for
    "Preview as" another party (its buttons submit the step's form): nothing typed is lost,
    and the other party's steps and rules read it. Not validated, as the signer's autosave
    keeps a draft: a question left empty is emptied, and a value that does not read yet
    (an email without its domain) leaves the answer before it as it was."""
    current = typed(definition, role, answers, number, form)
    shown = current.shown
    kept = dict(answers)
    for key, raw in current.raw.items():
        f = definition.field(key)
        component = get_component(f.component) if f else None
        if f is None or component is None or key not in shown:
            continue
        try:
            kept[key] = component.clean(raw, f)
        except FieldError:
            continue
    return kept


def role_note(
    definition: Definition, raw: dict[str, Any], role: str, answers: dict[str, Any]
) -> str:
    """For a role with a condition: when it takes part, and whether these answers make it
    ("Guarantor takes part only when Needs a guarantor is ticked. With the answers given
    so far they would not be asked: …"). Empty for a role that always takes part."""
    r = definition.role(role)
    if r is None or r.condition is None:
        return ""
    words = f"{r.name} takes part only when {describe(r.condition, raw)}."
    data = with_samples(answers, samples(definition))
    if any(a.key == role for a in active_roles(definition, data)):
        return f"{words} With the answers given so far in this preview, they would be asked."
    return (
        f"{words} With the answers given so far in this preview, they would not be asked: "
        "preview the parties before them and give answers that meet this rule."
    )


def approver_rows(
    definition: Definition, role: str, answers: dict[str, Any]
) -> list[dict[str, str]]:
    """What an approver reads: every other party's answered steps, read-only, in order,
    each step with the name of the role that answered it, as on the approver's page."""
    given = samples(definition)
    data = with_samples(answers, given)
    shown = resolve(definition, data).fields
    rows = []
    for other in active_roles(definition, data):  # a role whose rule fails is skipped
        if other.key == role or other.kind != "signer":
            continue
        for section in visible_sections(definition, other.key, data):
            for f in section.fields:
                component = get_component(f.component)
                if component is None or component.layout_only or f.key not in shown:
                    continue
                sample = given.get(f.key)
                text = sample.text if sample else answer_text(component, f, answers.get(f.key))
                rows.append(
                    {"section": section.title, "role": other.name, "label": f.label, "text": text}
                )
    return rows
