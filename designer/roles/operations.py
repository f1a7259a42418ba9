"""Pure edits of the roles: add, change, delete, and move between stages.

Stages are kept numbered 1, 2, 3 … without gaps; roles in one stage act in parallel.
"""

from typing import Any

from components.definition import Role
from designer.editor import operations as ops
from designer.editor.keys import derive_key, key_problem, was_derived
from designer.web import flag, text
from runtime.errors import Invalid

KINDS = {"signer": "Signer", "approver": "Approver", "cc": "Receives a copy (cc)"}
IDENTITY_CHECKS = {
    "none": "No check: the link is enough",
    "email_code": "A code sent by email",
    "sms_code": "A code sent by text message",
    "access_code": "An access code the sender passes on",
}
# Single sign-on is not chosen per role: an embedded form's signer is identified by the
# intranet's JWT (runtime/embed), which the audit trail records as the identity check.


def identity_supported() -> bool:
    """Whether the definition schema has a role `identity` attribute yet."""
    return "identity" in getattr(Role, "__struct_fields__", ())


def roles(d: dict[str, Any]) -> list[dict[str, Any]]:
    value = d.setdefault("roles", [])
    if not isinstance(value, list):
        value = d["roles"] = []
    return value


def find_role(d: dict[str, Any], key: str) -> dict[str, Any]:
    for role in roles(d):
        if role.get("key") == key:
            return role
    raise Invalid("That role no longer exists.")


def last_stage(d: dict[str, Any]) -> int:
    return max((int(r.get("stage", 1)) for r in roles(d)), default=0)


def add_role(d: dict[str, Any], kind: str) -> str:
    if kind not in KINDS:
        raise Invalid("Choose signer, approver or cc.")
    base = {"signer": "Signer", "approver": "Approver", "cc": "Copy recipient"}[kind]
    taken_names = {r.get("name") for r in roles(d)}
    name, n = base, 2
    while name in taken_names:
        name, n = f"{base} {n}", n + 1
    key = derive_key(name, {r.get("key", "") for r in roles(d)}, fallback="role")
    role: dict[str, Any] = {"key": key, "name": name, "kind": kind, "stage": last_stage(d) + 1}
    roles(d).append(role)
    return key


def update_role(d: dict[str, Any], key: str, data: dict[str, Any]) -> str:
    role = find_role(d, key)
    old_name = str(role.get("name", ""))
    name = " ".join(text(data, "name", 200).split())
    if not name:
        raise Invalid("Give the role a name, like Customer or Company.")
    role["name"] = name
    kind = text(data, "kind", 20) or role.get("kind", "signer")
    if kind not in KINDS:
        raise Invalid("Choose signer, approver or cc.")
    # the organisation itself plays the role (docs/stamps.md): it signs with its company
    # stamp, so it is a signer and proves no identity (the lint refuses anything else)
    organisation = flag(data, "organisation")
    ops.set_or_drop(role, "organisation", organisation, False)
    ops.set_or_drop(role, "kind", "signer" if organisation else kind, "signer")
    identity = text(data, "identity", 20)
    if organisation:
        role.pop("identity", None)
    elif identity and identity_supported():
        if identity not in IDENTITY_CHECKS:
            raise Invalid("Choose one of the identity checks.")
        ops.set_or_drop(role, "identity", identity, "none")
    new_key = text(data, "key", 64).strip() or key
    if new_key == key and was_derived(key, old_name, "role") and name != old_name:
        new_key = derive_key(name, {r.get("key", "") for r in roles(d)} - {key}, fallback="role")
    if new_key != key:
        rename_role(d, key, new_key)
    return new_key


def rename_role(d: dict[str, Any], old: str, new: str) -> None:
    problem = key_problem(new)
    if problem:
        raise Invalid(problem)
    if any(r.get("key") == new for r in roles(d)):
        raise Invalid(f"Another role already uses the key {new}.")
    find_role(d, old)["key"] = new
    for section in ops.sections(d):
        if section.get("role") == old:
            section["role"] = new
    for block in d.get("document", []):
        if block.get("kind") == "signature" and block.get("role") == old:
            block["role"] = new


def delete_role(d: dict[str, Any], key: str) -> None:
    role = find_role(d, key)
    steps = [s.get("title", s.get("key")) for s in ops.sections(d) if s.get("role") == key]
    if steps:
        titles = ", ".join(f"“{t}”" for t in steps[:3]) + (" …" if len(steps) > 3 else "")
        raise Invalid(
            f"{role.get('name')} fills in {len(steps)} step{'s' if len(steps) != 1 else ''} "
            f"({titles}). Give those steps to another role (Filled in by, on the Form tab), "
            "or delete them, first."
        )
    if len(roles(d)) == 1:
        raise Invalid("A template needs at least one role.")
    roles(d).remove(role)
    d["document"] = [
        b
        for b in d.get("document", [])
        if not (b.get("kind") == "signature" and b.get("role") == key)
    ]
    normalise_stages(d)


def move_role(d: dict[str, Any], key: str, stage: int, to: int | None = None) -> None:
    """Put a role into `stage` (one past the last makes a new stage), at position `to`."""
    role = find_role(d, key)
    stage = max(1, min(stage, last_stage(d) + 1))
    items = roles(d)
    items.remove(role)
    role["stage"] = stage
    same = [i for i, r in enumerate(items) if int(r.get("stage", 1)) == stage]
    if same and to is not None:
        at = same[min(to, len(same) - 1)] + (1 if to >= len(same) else 0)
    elif same:
        at = same[-1] + 1
    else:
        at = len(items)
    items.insert(at, role)
    normalise_stages(d)


def normalise_stages(d: dict[str, Any]) -> None:
    """Renumber stages 1..n in order, and order roles by stage (stable)."""
    items = roles(d)
    numbers = sorted({int(r.get("stage", 1)) for r in items})
    mapping = {old: new for new, old in enumerate(numbers, start=1)}
    for role in items:
        role["stage"] = mapping[int(role.get("stage", 1))]
    items.sort(key=lambda r: r["stage"])


def stages(d: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Roles grouped by stage, in order."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for role in roles(d):
        grouped.setdefault(int(role.get("stage", 1)), []).append(role)
    return [grouped[s] for s in sorted(grouped)]


def step_role(d: dict[str, Any], key: str, direction: str) -> None:
    """Keyboard moves: one stage earlier or later; past either end starts a new stage."""
    role = find_role(d, key)
    stage = int(role.get("stage", 1))
    alone = sum(1 for r in roles(d) if int(r.get("stage", 1)) == stage) == 1
    if direction == "earlier":
        if stage > 1:
            move_role(d, key, stage - 1)
        elif not alone:
            for other in roles(d):
                if other is not role:
                    other["stage"] = int(other.get("stage", 1)) + 1
            normalise_stages(d)
    elif direction == "later":
        if not (alone and stage == last_stage(d)):
            move_role(d, key, stage + 1)
    else:
        raise Invalid("Say whether the role acts earlier or later.")
