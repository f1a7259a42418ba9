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
