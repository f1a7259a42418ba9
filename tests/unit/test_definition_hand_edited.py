"""A definition file edited by hand: the problems are found where a person looks for them
(line and column, the likely key), and a byte-order mark from Notepad is no problem."""

import json

import pytest

from components import DefinitionError, dump_definition, parse_definition
from tests.unit.helpers import DEMO, minimal


def _problem(raw: bytes) -> dict[str, str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(raw)
    (only,) = caught.value.errors
    return only.as_dict()


def test_a_file_saved_with_a_byte_order_mark_imports_unchanged() -> None:
    raw = DEMO.read_bytes()
    assert dump_definition(parse_definition(b"\xef\xbb\xbf" + raw)) == dump_definition(
        parse_definition(raw)
    )


def test_a_syntax_error_says_line_and_column() -> None:
    text = json.dumps(minimal(), indent=2).replace('"Customer"\n', '"Customer",\n', 1)
    problem = _problem(text.encode())
    assert problem["path"] == "$"
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"Customer",' in row)
    assert f"at line {line + 1}, column 5" in problem["message"], problem
    assert "byte" not in problem["message"]


def test_a_misspelt_key_suggests_the_right_one() -> None:
    definition = minimal()
    definition["sections"][0]["fields"][0]["requried"] = True
    problem = _problem(json.dumps(definition).encode())
    assert problem == {
        "path": "$.sections[0].fields[0]",
        "message": "Object contains unknown field `requried`; did you mean `required`?",
    }


def test_a_newer_schema_version_says_so() -> None:
    problem = _problem(json.dumps(minimal(schema_version=2)).encode())
    assert problem["path"] == "$.schema_version"
    assert problem["message"].startswith("is 2, but this formseal reads schema version 1 only")


def test_every_wrong_shape_is_reported_at_once() -> None:
    """msgspec stops at the first: a file with four slips took four imports to fix."""
    definition = json.loads(DEMO.read_bytes())
    definition["roles"][0]["stage"] = "first"
    del definition["sections"][0]["fields"][0]["label"]
    definition["sections"][0]["fields"][1]["requried"] = True
    definition["document"] += [{"kind": "heading", "txt": "Terms"}, {"kind": "video"}]
    with pytest.raises(DefinitionError) as caught:
        parse_definition(json.dumps(definition).encode())
    last = len(definition["document"]) - 1
    assert [e.as_dict() for e in caught.value.errors] == [
        {"path": "$.roles[0].stage", "message": "Expected `int`, got `str`"},
        {"path": "$.sections[0].fields[0].label", "message": "is required"},
        {
            "path": "$.sections[0].fields[1]",
            "message": "Object contains unknown field `requried`; did you mean `required`?",
        },
        {"path": f"$.document[{last - 1}].text", "message": "is required"},
        {
            "path": f"$.document[{last - 1}]",
            "message": "Object contains unknown field `txt`; did you mean `text`?",
        },
        {
            "path": f"$.document[{last}].kind",
            "message": "Invalid value 'video'; expected one of: heading, paragraph, fields, "
            "signature, page_break",
        },
    ]


def test_a_key_of_another_part_is_not_suggested_for_itself() -> None:
    """`text` is a heading's key, not a field's: the suggestion comes from the keys of the
    object the path names (it said "unknown field `text`; did you mean `text`?")."""
    definition = minimal()
    definition["sections"][0]["fields"][0]["text"] = "Hello"
    definition["sections"][0]["fields"][0]["lable"] = "Hello"
    definition["roles"][0]["stge"] = 2
    with pytest.raises(DefinitionError) as caught:
        parse_definition(json.dumps(definition).encode())
    messages = {e.as_dict()["message"] for e in caught.value.errors}
    assert "Object contains unknown field `text`" in messages, messages
    assert "Object contains unknown field `lable`; did you mean `label`?" in messages
    assert "Object contains unknown field `stge`; did you mean `stage`?" in messages
