"""A rule on tick boxes (or "is one of" a list) offers the field's options as tick boxes with
the labels signers read, and saves their values: typing "Laptop" in a box saved the label,
which no answer (`laptop`) ever equals, so a step read "Shown when Equipment includes any of
Laptop" and never showed, while the publish check called the same sentence "never true"."""

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded

pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question

OPTIONS = [
    {"value": "laptop", "label": "Laptop"},
    {"value": "mobile_phone", "label": "Mobile phone"},
    {"value": "monitor", "label": "Monitor"},
]


def _definition() -> dict[str, Any]:
    return {
        "name": "Equipment loan",
        "roles": [{"key": "employee", "name": "Employee", "kind": "signer", "stage": 1}],
        "sections": [
            {
                "key": "details",
                "title": "Your details",
                "role": "employee",
                "fields": [
                    {
                        "key": "kit",
                        "component": "multiselect",
                        "label": "Equipment",
                        "options": OPTIONS,
                    },
                    {"key": "sig", "component": "signature", "label": "Signature"},
                ],
            },
            {"key": "laptop", "title": "Laptop", "role": "employee", "fields": []},
        ],
    }


def _ticked(html: str) -> list[str]:
    """The labels of the ticked boxes in the rule builder."""
    builder = html[html.index('id="rule-builder"') :]
    boxes = re.findall(
        r'<input type="checkbox" name="cond_pick_0" id="([^"]+)"[^>]*?( checked)?>', builder
    )
    labels = dict(re.findall(r'<label for="([^"]+)">([^<]+)</label>', builder))
    return [labels[box] for box, checked in boxes if checked]


async def test_the_options_are_ticked_by_label_and_saved_by_value(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    row = {"item": "section:laptop", "cond_field": "kit", "cond_op": "anyof", "cond_picks": "0"}

    page = await client.post(f"{base}/rules", data={**row, "cond_value": ""}, headers=hx(signed_in))
    assert page.status_code == 200, page.text
    assert _ticked(page.text) == []  # nothing chosen yet, and the boxes are there to choose
    assert 'placeholder="laptop' not in page.text  # no box to type values into
    assert "Choose at least one value for “Equipment”" in page.text

    ticked = {**row, "cond_value": "", "cond_pick_0": ["laptop", "monitor"]}
    page = await client.post(f"{base}/rules", data=ticked, headers=hx(signed_in))
    assert _ticked(page.text) == ["Laptop", "Monitor"]
    assert "Show this step when “Equipment” includes any of Laptop or Monitor" in page.text
    laptop = (await definition_of(base))["sections"][1]
    assert laptop["visible_if"] == {"and": [{"anyof": [{"var": "kit"}, ["laptop", "monitor"]]}]}


async def test_a_label_typed_by_hand_is_saved_as_its_value(
    client: AsyncTestClient, signed_in: str
) -> None:
    """An API client or an older page posts the words: they still name the option."""
    base = await seeded(client, signed_in, _definition())
    data = {
        "item": "section:laptop",
        "cond_field": "kit",
        "cond_op": "anyof",
        "cond_value": "Laptop, MOBILE PHONE",
    }
    page = await client.post(f"{base}/rules", data=data, headers=hx(signed_in))
    assert _ticked(page.text) == ["Laptop", "Mobile phone"]
    laptop = (await definition_of(base))["sections"][1]
    assert laptop["visible_if"] == {
        "and": [{"anyof": [{"var": "kit"}, ["laptop", "mobile_phone"]]}]
    }


async def test_removing_a_row_keeps_the_ticks_of_the_next(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    data = {
        "item": "section:laptop",
        "cond_field": ["sig", "kit"],
        "cond_op": ["signed", "allof"],
        "cond_value": ["", ""],
        "cond_picks": "1",
        "cond_pick_1": ["mobile_phone"],
        "drop": "0",
    }
    page = await client.post(f"{base}/rules", data=data, headers=hx(signed_in))
    assert _ticked(page.text) == ["Mobile phone"]
    laptop = (await definition_of(base))["sections"][1]
    assert laptop["visible_if"] == {"and": [{"allof": [{"var": "kit"}, ["mobile_phone"]]}]}
