"""The template language: definitions, components and their rules.

Pure Python: no I/O, no web, no database. The engine (runtime/) and the designer both
read it; nothing here imports from them.
"""

from components.canonical import canonical_json, definition_sha256
from components.definition import (
    Block,
    Definition,
    Field,
    Option,
    Role,
    Section,
    dump_definition,
    parse_definition,
)
from components.errors import DefinitionError, ErrorItem, FieldError
from components.registry import Component, get_component, registered_components

__all__ = [
    "Block",
    "Component",
    "Definition",
    "DefinitionError",
    "ErrorItem",
    "Field",
    "FieldError",
    "Option",
    "Role",
    "Section",
    "canonical_json",
    "definition_sha256",
    "dump_definition",
    "get_component",
    "parse_definition",
    "registered_components",
]
