"""Parsed template versions, kept per process: a version never changes once it exists
(publishing makes a new one), so each process may keep what it parsed; several processes
each keep their own copy, and none can be stale."""

from collections.abc import Callable
from typing import Any

from components import Definition, parse_definition
from runtime.tables import TemplateVersion

_DEFINITIONS: dict[Any, Definition] = {}
_DEFINITIONS_KEPT = 256
_POSITIONS: dict[Any, dict[str, int]] = {}


async def version_definition(version_id: Any) -> Definition:
    """The parsed definition of a template version (read and parsed once per process)."""
    definition = _DEFINITIONS.get(version_id)
    if definition is None:
        version = (
            await TemplateVersion.select(TemplateVersion.definition)
            .where(TemplateVersion.id == version_id)
            .output(load_json=True)
            .first()
        )
        assert version is not None
        definition = parse_definition(version["definition"])
        if len(_DEFINITIONS) >= _DEFINITIONS_KEPT:
            _DEFINITIONS.pop(next(iter(_DEFINITIONS)))  # the oldest entry
        _DEFINITIONS[version_id] = definition
    return definition


async def role_positions(version_id: Any) -> dict[str, int]:
    """Each role's place in the version's list of roles, by key (kept per process). Read
    from the stored JSON as it is when the version was not parsed here: a version an older
    release stored may no longer parse, and listing its envelope's people must not fail."""
    parsed = _DEFINITIONS.get(version_id)
    if parsed is not None:
        return positions_of(parsed)
    positions = _POSITIONS.get(version_id)
    if positions is None:
        version = (
            await TemplateVersion.select(TemplateVersion.definition)
            .where(TemplateVersion.id == version_id)
            .output(load_json=True)
            .first()
        )
        raw = version["definition"] if version else None
        roles = raw.get("roles") if isinstance(raw, dict) else None
        keys = [
            r.get("key") for r in (roles if isinstance(roles, list) else []) if isinstance(r, dict)
        ]
        positions = {key: i for i, key in enumerate(keys) if isinstance(key, str)}
        if len(_POSITIONS) >= _DEFINITIONS_KEPT:
            _POSITIONS.pop(next(iter(_POSITIONS)))  # the oldest entry
        _POSITIONS[version_id] = positions
    return positions


def positions_of(definition: Definition) -> dict[str, int]:
    """Each role's place in a parsed definition's list of roles, by key."""
    return {role.key: i for i, role in enumerate(definition.roles)}


def in_role_order(positions: dict[str, int]) -> Callable[[dict[str, Any]], tuple[int, int]]:
    """A sort key: recipients in signing order, then in the template's order of roles
    (`role_positions`; each role has one recipient per envelope). The database gives rows
    of one stage in any order (PostgreSQL moves a row it updates), and API clients, the
    envelope lists and the sealed PDF read them by position."""
    return lambda r: (r["stage"], positions.get(r["role"], len(positions)))


async def in_role_order_of_versions(
    rows: list[dict[str, Any]], version: str = "template_version"
) -> list[dict[str, Any]]:
    """Recipients of several envelopes (each row with `stage`, `role` and its envelope's
    template version id under `version`) in the order `in_role_order` gives, as GET
    /api/v1/envelopes/{id} does. One query per version this process has not read yet,
    none per envelope."""
    positions = {v: await role_positions(v) for v in {r[version] for r in rows}}
    return sorted(rows, key=lambda r: in_role_order(positions[r[version]])(r))
