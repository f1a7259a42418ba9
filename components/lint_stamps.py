"""Lint for company stamps and organisation roles (docs/template-language.md).

An organisation role has nobody to fill a form in: it holds company stamps (plus headings,
paragraphs and computed values) and is signed by the engine when its stage comes up.
A stamp anywhere else could never be applied, so both are errors.
"""

from collections.abc import Iterator

from components.definition import Definition
from components.lint_types import Problem

#: what an organisation role's sections may hold: nothing anybody has to type
ORGANISATION_COMPONENTS = frozenset({"stamp", "heading", "paragraph", "computed"})


def organisation_roles(d: Definition) -> Iterator[Problem]:
    roles = {r.key: r for r in d.roles}
    for ri, role in enumerate(d.roles):
        if not role.organisation:
            continue
        at = f"$.roles[{ri}]"
        if role.kind != "signer":
            yield (
                f"{at}.kind",
                f"{role.name} is signed by the organisation, so it must be a signer",
                "error",
            )
        if role.identity != "none":
            yield (
                f"{at}.identity",
                f"{role.name} is signed by the organisation, so no identity check applies",
                "error",
            )
        fields = [f for s in d.sections_for(role.key) for f in s.fields]
        if not any(f.component == "stamp" for f in fields):
            yield (
                at,
                f"{role.name} is signed by the organisation but has no company stamp field; "
                "add one to its step",
                "error",
            )
    for si, section in enumerate(d.sections):
        owner = roles.get(section.role)
        if owner is None:
            continue
        for fi, field in enumerate(section.fields):
            at = f"$.sections[{si}].fields[{fi}]"
            for ki, sub in enumerate(field.fields):
                if sub.component == "stamp":  # rows are typed by a person: none is stamped
                    yield (
                        f"{at}.fields[{ki}]",
                        f"{sub.label} is a company stamp, which cannot be a column of a "
                        "repeating group: put it in a step of a role signed by the "
                        "organisation",
                        "error",
                    )
            if field.component == "stamp" and not owner.organisation:
                yield (
                    at,
                    f"{field.label} is a company stamp, which the organisation applies: put it "
                    f"in a step of a role signed by the organisation, not {owner.name}'s",
                    "error",
                )
            elif owner.organisation and field.component not in ORGANISATION_COMPONENTS:
                yield (
                    at,
                    f"{field.label} would never be filled in: {owner.name} is signed by the "
                    "organisation, which only applies company stamps",
                    "error",
                )
