"""Parsed template versions, kept per process: a version never changes once it exists
(publishing makes a new one), so each process may keep what it parsed; several processes
each keep their own copy, and none can be stale."""

from typing import Any

from components import Definition, parse_definition
from runtime.tables import TemplateVersion

_DEFINITIONS: dict[Any, Definition] = {}
_DEFINITIONS_KEPT = 256


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


async def in_role_order_of_versions(
    rows: list[dict[str, Any]], version: str = "template_version"
) -> list[dict[str, Any]]:
    """Recipients of several envelopes (each row with `stage`, `role` and its envelope's
    template version id under `version`) in signing order, then in the template's order of
    roles, as GET /api/v1/envelopes/{id} gives them (runtime.envelopes.routing.in_role_order):
    the database gives rows of one stage in any order (PostgreSQL moves a row it updates).
    One query per version this process has not read yet, none per envelope."""
    positions: dict[Any, dict[str, int]] = {}
    for version_id in {r[version] for r in rows}:
        roles = (await version_definition(version_id)).roles
        positions[version_id] = {role.key: i for i, role in enumerate(roles)}

    def key(r: dict[str, Any]) -> tuple[int, int]:
        known = positions[r[version]]
        return r["stage"], known.get(r["role"], len(known))

    return sorted(rows, key=key)
