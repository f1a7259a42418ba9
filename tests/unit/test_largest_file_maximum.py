"""One maximum for a file upload's `max_size`: 100,000,000 bytes (100 MB), the top of the
designer's *Largest file (MB)* box. The API took up to 104,857,600 (100 MB of 1,048,576
bytes) while the box stopped at 100,000,000. A version stored with more, up to the old
figure, still loads and reads "100 MB"; publishing a new one with it is refused, naming
the limit (docs/api.md, docs/authoring-designer.md)."""

import pytest

from components import DefinitionError, parse_definition
from components.fields.file_limit import limit_words
from components.lint import has_errors, lint
from tests.unit.helpers import minimal

AT = "$.sections[0].fields[1].validation.max_size"
RULE = "must be a whole number of bytes from 1 to 100000000 (100 MB)"


def _with_max_size(size: object) -> dict:
    definition = minimal()
    definition["sections"][0]["fields"].append(
        {"key": "receipts", "component": "attachment", "label": "Receipts"}
        | {"validation": {"max_size": size}}
    )
    return definition


def _errors(size: object) -> list[tuple[str, str]]:
    found = lint(parse_definition(_with_max_size(size)))
    return [(f.path, f.message) for f in found if f.severity == "error" and "max_size" in f.path]


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(1, id="one-byte"),
        pytest.param(100_000_000, id="100-mb"),
    ],
)
def test_up_to_100_mb_publishes(size: int) -> None:
    assert _errors(size) == []


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(100_000_001, id="one-byte-over"),
        pytest.param(104_857_600, id="old-maximum-100-mib"),
    ],
)
def test_a_version_stored_with_up_to_the_old_maximum_loads_but_cannot_be_published(
    size: int,
) -> None:
    definition = parse_definition(_with_max_size(size))  # loads: no DefinitionError
    assert definition.sections[0].fields[1].validation["max_size"] == size
    assert has_errors(lint(definition))
    assert _errors(size) == [
        (
            AT,
            f"{RULE}; versions published before with {size} keep it, but a new version "
            "cannot have it",
        )
    ]


def test_the_old_maximum_reads_100_mb_to_signers() -> None:
    assert limit_words(104_857_600) == "100 MB"
    assert limit_words(100_000_000) == "100 MB"


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(0, id="zero"),
        pytest.param(104_857_601, id="above-the-old-maximum"),
        pytest.param(1_000_000_000, id="1-gb"),
        pytest.param("10MB", id="text"),
        pytest.param(True, id="boolean"),
    ],
)
def test_a_size_out_of_bounds_is_refused_naming_the_limit(size: object) -> None:
    with pytest.raises(DefinitionError) as refused:
        parse_definition(_with_max_size(size))
    assert [(e.path, e.message) for e in refused.value.errors] == [(AT, RULE)]
