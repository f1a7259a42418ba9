"""A JSON Schema of the definition, generated from the msgspec structs so it cannot drift.

`msgspec.json.schema` gives the structure; this adds what the structs leave as plain
types: the component names, the key pattern, the operators a condition or a computed
expression may use, and which `validation` settings each component reads.
"""

from typing import Any

import msgspec

from components.checks import KEY_PATTERN
from components.conditions import (
    CONDITION_OPERATORS,
    EXPRESSION_OPERATORS,
    MAX_DEPTH,
    MAX_NODES,
)
from components.definition import Definition
from components.registry import registered_components

SCHEMA_ID = "urn:formseal:definition:1"
_BLOCKS = ("Heading", "Paragraph", "FieldsBlock", "SignatureBlock", "PageBreak")


def definition_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a version-1 definition."""
    schema = msgspec.json.schema(Definition)
    defs = schema["$defs"]
    defs["Condition"] = _operation(
        CONDITION_OPERATORS, "A condition: JSON Logic restricted to these operators."
    )
    defs["Expression"] = _operation(
        EXPRESSION_OPERATORS, "A computed value: the condition operators plus arithmetic and sum."
    )
    targets = [("Role", "condition"), ("Section", "visible_if"), ("Field", "visible_if")]
    targets += [(block, "visible_if") for block in _BLOCKS]
    for struct, prop in targets:
        defs[struct]["properties"][prop]["anyOf"][0] = {"$ref": "#/$defs/Condition"}
    field = defs["Field"]["properties"]
    field["expression"]["anyOf"][0] = {"$ref": "#/$defs/Expression"}
    field["component"]["enum"] = sorted(registered_components())
    field["validation"]["description"] = _validation_settings()
    for struct in ("Role", "Section", "Field"):
        defs[struct]["properties"]["key"]["pattern"] = KEY_PATTERN.pattern
    _limits(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "formseal definition (schema version 1)",
        **schema,
    }


def _limits(defs: dict[str, Any]) -> None:
    """What the parser and lint refuse and the structs' plain types do not say: words that
    must not be empty, stages from 1, headings of level 1 to 3."""
    for struct, prop in [
        ("Definition", "name"),
        ("Role", "name"),
        ("Section", "title"),
        ("Field", "label"),
        ("Option", "value"),
    ]:
        defs[struct]["properties"][prop]["minLength"] = 1
    defs["Role"]["properties"]["stage"]["minimum"] = 1
    defs["Heading"]["properties"]["level"]["enum"] = [1, 2, 3]


def _operation(operators: frozenset[str], description: str) -> dict[str, Any]:
    return {
        "description": (
            f"{description} At most {MAX_DEPTH} levels deep and {MAX_NODES} parts; "
            'each operation is an object with one operator, like {"var": "loan_amount"}.'
        ),
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"enum": sorted(operators)},
    }


def _validation_settings() -> str:
    lines = [
        f"{name}: {', '.join(sorted(c.validation_keys))}"
        for name, c in sorted(registered_components().items())
        if c.validation_keys
    ]
    return "Settings read by the field's component. " + "; ".join(lines)
