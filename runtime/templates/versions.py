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


async def _stored(version_id: Any) -> Any:
    """The version's definition as stored (decoded JSON), or None without such a version."""
    version = (
        await TemplateVersion.select(TemplateVersion.definition)
        .where(TemplateVersion.id == version_id)
        .output(load_json=True)
        .first()
    )
    return version["definition"] if version else None


def _keep(kept: dict[Any, Any], version_id: Any, value: Any) -> None:
    """Keep `value` for the version, dropping the oldest entry past _DEFINITIONS_KEPT."""
    if len(kept) >= _DEFINITIONS_KEPT:
        kept.pop(next(iter(kept)))
    kept[version_id] = value


async def version_definition(version_id: Any) -> Definition:
    """The parsed definition of a template version (read and parsed once per process)."""
    definition = _DEFINITIONS.get(version_id)
    if definition is None:
        stored = await _stored(version_id)
        assert stored is not None
        definition = parse_definition(stored)
        _keep(_DEFINITIONS, version_id, definition)
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
        raw = await _stored(version_id)
        roles = raw.get("roles") if isinstance(raw, dict) else None
        keys = [
            r.get("key") for r in (roles if isinstance(roles, list) else []) if isinstance(r, dict)
        ]
        positions = {key: i for i, key in enumerate(keys) if isinstance(key, str)}
        _keep(_POSITIONS, version_id, positions)
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
