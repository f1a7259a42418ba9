"""A rule whose question was deleted shows, in the Logic box, the test and the value it
compared against beside "Client type (deleted)": the row showed an empty test and no value,
so the author could not tell what the rule had been to fix it or remove it."""

import html
import re

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question


def _row(page: str) -> dict[str, str]:
    """The first rule row as the author reads it: question, test and value."""
    builder = html.unescape(page[page.index('id="rule-builder"') :])
    row = re.search(r'<li class="rule-row">(.*?)</li>', builder, re.S)
    assert row, builder
    chosen = re.findall(r"<option value=\"[^\"]*\" selected>([^<]*)</option>", row.group(1))
    value = re.search(r'<input class="input" name="cond_value"[^>]*>', row.group(1))
    return {
        "question": chosen[0] if chosen else "",
        "test": chosen[1] if len(chosen) > 1 else "",
        "value": value.group(0) if value else "",
    }


async def test_the_deleted_questions_row_shows_its_test_and_value(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    deleted = await client.post(f"{base}/fields/client_type/delete", headers=hx(signed_in))
    assert deleted.status_code == 200, deleted.text

    panel = await client.get(f"{base}/properties?select=section:company", headers=hx(signed_in))
    row = _row(panel.text)
    assert row["question"] == "Client type (deleted)"
    assert row["test"] == "is"
    assert 'value="company"' in row["value"] and "readonly" in row["value"], row

    # a change elsewhere in the box posts the row back: it is refused, and still shown
    data = {
        "item": "section:company",
        "cond_field": "client_type",
        "cond_op": "eq",
        "cond_value": "company",
        "combinator": "all",
    }
    again = await client.post(f"{base}/rules", data=data, headers=hx(signed_in))
    assert again.status_code == 200, again.text
    assert "names a field that no longer exists" in again.text
    row = _row(again.text)
    assert (row["question"], row["test"]) == ("Client type (deleted)", "is")
    assert 'value="company"' in row["value"], row

    # removing the row leaves the step shown always
    data["drop"] = "0"
    removed = await client.post(f"{base}/rules", data=data, headers=hx(signed_in))
    assert removed.status_code == 200, removed.text
    assert "Always shown" in html.unescape(removed.text)
