"""Lint at publish: every finding with its JSON path, a plain message and a severity.

Publishing refuses a definition with any error; warnings are shown but allowed. Lint
starts from the parse-time checks (so a Definition built by hand is checked as fully as a
parsed one) and adds the rules that need the whole definition: fields a condition reads,
types, cycles among computed values, signers without a signature, required fields that
can never be shown, conditions that are always or never true.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from components.computed import dependencies, find_cycles
from components.conditions import ConditionError, check_expression, referenced_keys
from components.definition import Definition, Field, Paragraph, check_definition
from components.errors import FieldError
from components.fields._settings import label_of
from components.lint_stamps import organisation_roles
from components.lint_types import Problem, Severity, check_expression_types
from components.registry import get_component
from components.satisfiable import outcomes
from components.sentences import phrase, scope_of

MERGE_FIELD = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Finding:
    path: str
    message: str
    severity: Severity

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "severity": self.severity}


def lint(definition: Definition) -> list[Finding]:
    """Every finding, errors and warnings, in definition order; no duplicates."""
    findings = [Finding(e.path, e.message, "error") for e in check_definition(definition)]
    for rule in _RULES:
        findings.extend(Finding(p, m, s) for p, m, s in rule(definition))
    return list(dict.fromkeys(findings))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _field_paths(d: Definition) -> Iterator[tuple[str, int, Field]]:
    for si, section in enumerate(d.sections):
        for fi, field in enumerate(section.fields):
            yield f"$.sections[{si}].fields[{fi}]", si, field


def _conditions(d: Definition) -> Iterator[tuple[str, Any, Mapping[str, Field]]]:
    """Every condition and expression with its path and the fields it may read."""
    scope = scope_of(d)
    for ri, role in enumerate(d.roles):
        yield f"$.roles[{ri}].condition", role.condition, scope
    for si, section in enumerate(d.sections):
        yield f"$.sections[{si}].visible_if", section.visible_if, scope
    for at, _, field in _field_paths(d):
        yield f"{at}.visible_if", field.visible_if, scope
        yield f"{at}.expression", field.expression, scope
        row = {sub.key: sub for sub in field.fields}
        for ki, sub in enumerate(field.fields):
            yield f"{at}.fields[{ki}].visible_if", sub.visible_if, row
    for bi, block in enumerate(d.document):
        yield f"$.document[{bi}].visible_if", block.visible_if, scope


def _checked(expr: Any) -> bool:
    if expr is None:
        return False
    try:
        check_expression(expr)
    except ConditionError:
        return False  # already a parse error
    return True


def _types(d: Definition) -> Iterator[Problem]:
    whole = scope_of(d)
    for path, expr, scope in _conditions(d):
        if _checked(expr):
            yield from check_expression_types(expr, path, scope, whole)


def _order(d: Definition) -> Iterator[Problem]:
    """Conditions that read the field itself, or answers given only later."""
    where = {f.key: (si, f"“{label_of(f)}”") for _, si, f in _field_paths(d)}
    for at, si, field in _field_paths(d):
        if not _checked(field.visible_if):
            continue
        keys = referenced_keys(field.visible_if)
        if field.key in keys:
            yield (
                f"{at}.visible_if",
                "refers to the field itself, so it cannot decide when the field is shown",
                "error",
            )
        for key in sorted(keys - {field.key}):
            if key in where and where[key][0] > si:
                yield (
                    f"{at}.visible_if",
                    f"refers to {where[key][1]}, which is asked in a later step",
                    "warning",
                )
    for si, section in enumerate(d.sections):
        if _checked(section.visible_if):
            for key in sorted(referenced_keys(section.visible_if)):
                if key in where and where[key][0] >= si:
                    yield (
                        f"$.sections[{si}].visible_if",
                        f"refers to {where[key][1]}, which is asked in this step or later",
                        "warning",
                    )
    yield from _role_order(d, where)
    yield from _row_order(d)


def _row_order(d: Definition) -> Iterator[Problem]:
    """A sub-field's condition reads only the fields before it in its row."""
    for at, _, field in _field_paths(d):
        columns = {sub.key: sub for sub in field.fields}
        for ki, sub in enumerate(field.fields):
            if not _checked(sub.visible_if):
                continue
            before = {s.key for s in field.fields[:ki]}
            for key in sorted((referenced_keys(sub.visible_if) & set(columns)) - before):
                yield (
                    f"{at}.fields[{ki}].visible_if",
                    (
                        f"reads “{label_of(columns[key])}”, which does not come before it in the "
                        "row; a row's conditions read only the fields before them"
                    ),
                    "warning",
                )


def _role_order(d: Definition, where: Mapping[str, tuple[int, str]]) -> Iterator[Problem]:
    for ri, role in enumerate(d.roles):
        if not _checked(role.condition):
            continue
        for key in sorted(referenced_keys(role.condition)):
            if key not in where:
                continue
            owner = d.role(d.sections[where[key][0]].role)
            if owner is not None and owner.stage >= role.stage:
                who = (
                    f"{role.name} fills in themselves (stage {role.stage})"
                    if owner is role
                    else f"{owner.name} fills in at stage {owner.stage}, not before "
                    f"{role.name} (stage {role.stage})"
                )
                yield (
                    f"$.roles[{ri}].condition",
                    f"refers to {where[key][1]}, which {who}: a role's condition can "
                    "only read answers given at an earlier stage",
                    "warning",
                )


def _cycles(d: Definition) -> Iterator[Problem]:
    paths = {f.key: at for at, _, f in _field_paths(d)}
    labels = {f.key: label_of(f) for _, _, f in _field_paths(d)}
    for cycle in find_cycles(dependencies(d)):
        loop = " → ".join(f"“{labels.get(key, key)}”" for key in cycle)
        for key in dict.fromkeys(cycle):
            yield (
                f"{paths[key]}.expression",
                f"computed values refer to each other in a cycle: {loop}",
                "error",
            )


def _signers(d: Definition) -> Iterator[Problem]:
    for ri, role in enumerate(d.roles):
        if role.kind != "signer" or role.organisation:  # stamped, see lint_stamps
            continue
        fields = [f for s in d.sections_for(role.key) for f in s.fields]
        fields += [sub for f in fields for sub in f.fields]
        if not any(f.component == "signature" for f in fields):
            yield (
                f"$.roles[{ri}]",
                (
                    f"{role.name} is a signer but has no signature field; add one to a step "
                    f"{role.name} fills in, or make the role an approver"
                ),
                "error",
            )


def _ownership(d: Definition) -> Iterator[Problem]:
    for si, section in enumerate(d.sections):
        role = d.role(section.role)
        if role is None:
            continue  # a parse error already
        inputs = [f for f in section.fields if _holds_value(f)]
        if role.kind == "cc" and section.fields:
            yield (
                f"$.sections[{si}].role",
                f"{role.name} only receives a copy and fills in nothing",
                "error",
            )
        elif role.kind == "approver" and inputs:
            yield (
                f"$.sections[{si}].role",
                f"{role.name} is an approver: they approve or reject on a page of the "
                f"answers and are never asked {_listed(inputs)}; give this step to a "
                "signer, or keep only headings and paragraphs in it",
                "warning",
            )


def _listed(fields: list[Field]) -> str:
    """“Note” / “Note” and “Reason” / “Note”, “Reason” and 2 more."""
    names = [f"“{label_of(f)}”" for f in fields]
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} more"]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _holds_value(field: Field) -> bool:
    component = get_component(field.component)
    return component is not None and component.holds_value


def _reachability(d: Definition) -> Iterator[Problem]:
    """Conditions that are always or never true, and required fields never shown."""
    scope = scope_of(d)
    never: set[str] = set()
    for path, expr, own in _conditions(d):
        if not _checked(expr) or path.endswith(".expression"):
            continue
        if any(s == "error" for _, _, s in check_expression_types(expr, path, own)):
            continue  # the type error says more than "never true" would
        found = outcomes(expr, own)
        if found == {False}:
            never.add(path)
            yield path, f"is never true ({phrase(expr, own)}), so this is never used", "warning"
        elif found == {True}:
            yield path, f"is always true ({phrase(expr, own)}); remove the condition", "warning"
    for si, section in enumerate(d.sections):
        for fi, field in enumerate(section.fields):
            at = f"$.sections[{si}].fields[{fi}]"
            if not field.required or not _holds_value(field):
                continue
            parts = [c for c in (section.visible_if, field.visible_if) if _checked(c)]
            together = {"and": parts} if len(parts) > 1 else (parts[0] if parts else None)
            if together is None:
                continue
            hidden = f"$.sections[{si}].visible_if" in never or f"{at}.visible_if" in never
            if hidden or outcomes(together, scope) == {False}:
                yield (
                    f"{at}.required",
                    (
                        f"{label_of(field)} is required but can never be shown: "
                        f"{phrase(together, scope)} is never true"
                    ),
                    "error",
                )


def _settings(d: Definition) -> Iterator[Problem]:
    for at, _, field in _field_paths(d):
        yield from _field_settings(at, field)
        for ki, sub in enumerate(field.fields):
            yield from _field_settings(f"{at}.fields[{ki}]", sub)


def _field_settings(at: str, field: Field) -> Iterator[Problem]:
    component = get_component(field.component)
    if component is None:
        return
    for key in sorted(set(field.validation) - component.validation_keys):
        known = ", ".join(sorted(component.validation_keys)) or "none"
        yield (
            f"{at}.validation.{key}",
            (f"is not a setting of the {component.name} component (settings: {known})"),
            "warning",
        )
    for sub, message in component.check_new_field(field):
        yield f"{at}.{sub}", message, "error"
    if field.required and not component.holds_value:
        yield f"{at}.required", f"has no effect on a {component.name} field", "warning"
    if field.prefill is not None and (not component.can_be_prefilled):
        yield f"{at}.prefill", f"a {component.name} field cannot be prefilled", "warning"
    elif field.prefill is not None:
        yield from _claim(f"{at}.prefill", field.prefill.source, field.prefill.claim)
    yield from _default(at, field, component)


def _claim(at: str, source: str, claim: str | None) -> Iterator[Problem]:
    """An SSO prefill reads the sign-in token's claim `claim`; other sources read none."""
    if source == "sso" and not (claim or "").strip():
        yield (
            f"{at}.claim",
            'names no claim of the sign-in token, like "email", so the field is never filled',
            "warning",
        )
    elif source != "sso" and claim is not None:
        yield f"{at}.claim", f'is read only when the source is "sso", not "{source}"', "warning"


def _default(at: str, field: Field, component: Any) -> Iterator[Problem]:
    """A default the wizard cannot show (it starts the field empty instead)."""
    if field.default is None:
        return
    if not component.holds_value or not component.can_be_prefilled:
        # a heading, paragraph or computed value shows no input to start with an answer
        yield f"{at}.default", f"a {component.name} field cannot have a default answer", "warning"
        return
    if component.starting_value(field) is not None:
        return
    if any(path == "default" for path, _ in component.check_field(field)):
        return  # already an error of its own (a choice that is not an option)
    try:
        component.clean(field.default, field)
        reason = "it is empty"
    except FieldError as exc:
        reason = exc.message
    yield (
        f"{at}.default",
        f"is not a valid answer ({reason}), so the field starts empty",
        "warning",
    )


def _merge_fields(d: Definition) -> Iterator[Problem]:
    keys = {f.key for _, f in d.fields()}
    for bi, block in enumerate(d.document):
        if isinstance(block, Paragraph):
            for key in MERGE_FIELD.findall(block.html):
                if key not in keys:
                    yield (
                        f"$.document[{bi}].html",
                        f"merge field '{{{{ {key} }}}}' names a field that does not exist",
                        "error",
                    )


def _names(d: Definition) -> Iterator[Problem]:
    """What people read as a heading must say something (the designer asks for each)."""
    if not d.name.strip():
        yield (
            "$.name",
            "must not be empty: it heads the signer's page, the PDF and the mails",
            "error",
        )
    for ri, role in enumerate(d.roles):
        if not role.name.strip():
            yield (
                f"$.roles[{ri}].name",
                "must not be empty: pages and mails name the role by it",
                "error",
            )
    for si, section in enumerate(d.sections):
        if not section.title.strip():
            yield f"$.sections[{si}].title", "must not be empty: it is the step's heading", "error"


_RULES = (
    _names,
    _types,
    _order,
    _cycles,
    _signers,
    _ownership,
    _reachability,
    _settings,
    _merge_fields,
    organisation_roles,
)
