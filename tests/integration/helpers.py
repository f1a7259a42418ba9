"""Small helpers shared by the integration tests of several modules: reading a step's
answers and inputs back from its HTML, and the demo definitions they change."""

import re

from tests.integration.conftest import demo_definition


def _ticked(html: str, key: str, value: str) -> bool:
    tag = re.search(rf'<input [^>]*name="{key}"\s+value="{value}"[^>]*>', html, re.S)
    assert tag, f"no input {key}={value}"
    return re.search(r"\schecked\b", tag.group(0)) is not None


def is_readonly(tag: str) -> bool:
    """`readonly` as an attribute of its own, as a browser reads it."""
    return re.search(r"\sreadonly(?=[\s>=])", tag) is not None


def with_identity(check: str) -> dict:
    definition = demo_definition()
    definition["roles"][0]["identity"] = check
    return definition
