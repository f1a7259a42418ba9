"""The reference docs keep up with the code: every setting and every component is documented."""

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from components import registered_components
from runtime.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _table_env_vars(markdown: str) -> set[str]:
    """Env var names in the first cell of table rows: | `FORMSEAL_X` | ..."""
    return set(re.findall(r"^\|\s*`(FORMSEAL_[A-Z0-9_]+)`\s*\|", markdown, re.MULTILINE))


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_has_a_row_in_docs_settings(name: str) -> None:
    documented = _table_env_vars((DOCS / "settings.md").read_text(encoding="utf-8"))
    assert f"FORMSEAL_{name.upper()}" in documented, (
        f"docs/settings.md has no table row for FORMSEAL_{name.upper()}: add "
        f"| `FORMSEAL_{name.upper()}` | default | help | to it"
    )


def test_docs_settings_lists_no_setting_that_does_not_exist() -> None:
    documented = _table_env_vars((DOCS / "settings.md").read_text(encoding="utf-8"))
    known = {f"FORMSEAL_{f.name.upper()}" for f in fields(Settings)}
    assert documented - known == set(), "docs/settings.md documents settings the code lacks"


@pytest.mark.parametrize("name", sorted(registered_components()))
def test_every_component_is_described_in_docs_authoring(name: str) -> None:
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    assert f"`{name}`" in text, f"docs/authoring.md does not describe the `{name}` component"


def test_the_example_in_docs_authoring_is_the_demo_template() -> None:
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    example = text.split("## The example: service agreement", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", example, re.DOTALL)
    assert block, "docs/authoring.md lost its example definition"
    demo = DOCS.parent / "runtime" / "demo" / "service_agreement.json"
    assert json.loads(block.group(1)) == json.loads(demo.read_text(encoding="utf-8")), (
        "docs/authoring.md shows an old copy of runtime/demo/service_agreement.json"
    )
