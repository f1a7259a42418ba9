"""A long form's outline (30 sections, 60 fields over six steps): the palette pane lists the
steps, and the fields of the step being edited, as links that open each one, so field 47
is a click away; before, scrolling the canvas was the only way to it. A short form has none."""

import json
import re
import uuid
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from designer.tables import Draft
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded
from tests.long_contract import long_contract

DEMO = Path(__file__).parents[3] / "runtime" / "demo" / "service_agreement.json"
pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question


def _outline(html: str) -> str:
    match = re.search(r'<nav class="outline".*?</nav>', html, re.S)
    assert match, "the editor shows no outline"
    return match.group(0)


def _field_lists(outline: str) -> list[tuple[str, bool]]:
    """(step key, fields shown) for each step of the outline."""
    steps = re.findall(
        r'data-step="([^"]+)">.*?(?:<ol class="outline__fields"( hidden)?>|</li>)', outline, re.S
    )
    return [(key, not hidden) for key, hidden in steps]


async def test_a_long_form_lists_its_steps_and_the_fields_of_the_open_step(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, long_contract())
    outline = _outline((await client.get(f"{base}/edit")).text)
    steps = re.findall(r'outline__title">([^<]+)<', outline)
    assert steps == [f"Step {n} details" for n in range(1, 7)]
    # nothing chosen yet: steps only, no sixty field names
    assert all(not shown for _, shown in _field_lists(outline))

    opened = (await client.get(f"{base}/edit?select=field:address_line_5_7")).text
    outline = _outline(opened)
    assert dict(_field_lists(outline)) == {f"step_{n}": n == 5 for n in range(1, 7)}
    link = re.search(r'<a [^>]*data-select="field:address_line_5_7"[^>]*>([^<]*)</a>', outline)
    assert link and link.group(1) == "Address line 7"
    # a plain link (works without JavaScript), and htmx opens its properties in place
    assert f'href="{base}/edit?select=field%3Aaddress_line_5_7"' in link.group(0)
    assert f'hx-get="{base}/properties?select=field%3Aaddress_line_5_7"' in link.group(0)
    assert 'aria-current="true"' in link.group(0)
    # the link's page opens the field: its card selected (the editor scrolls to it)
    assert 'class="canvas-field is-selected" data-key="address_line_5_7"' in opened

    step = _outline((await client.get(f"{base}/edit?select=section:step_2")).text)
    assert dict(_field_lists(step))["step_2"] is True
    assert re.search(r'data-select="section:step_2"[^>]*aria-current="true"', step)


async def test_renaming_a_question_renames_it_in_the_outline(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, long_contract())
    row = await Draft.select(Draft.revision).where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
    renamed = await client.post(
        f"{base}/properties",
        data={
            "item": "field:address_line_5_7",
            "label": "Delivery address",
            "key": "address_line_5_7",
            "owner": "client",
            "prefill_source": "",
        },
        headers=hx(signed_in, int(row[0]["revision"])),
    )
    assert renamed.status_code == 200, renamed.text
    outline = _outline(renamed.text)
    assert 'id="outline"' in outline and 'hx-swap-oob="true"' in outline
    assert re.search(r'data-select="field:address_line_5_7"[^>]*>Delivery address</a>', outline)


async def test_a_short_form_has_no_outline(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in, json.loads(DEMO.read_text()))
    page = (await client.get(f"{base}/edit")).text
    assert 'class="canvas-section' in page and 'class="outline"' not in page


async def test_on_a_tablet_or_phone_the_outline_is_one_line_that_opens_every_step(
    client: AsyncTestClient, signed_in: str
) -> None:
    """At 800 px or less the steps were a wrapping row of buttons: six steps (thirty
    sections) filled two to six rows above the form. One line now names the step being
    edited and opens the list as a menu (CSS shows one list or the other)."""
    base = await seeded(client, signed_in, long_contract())
    outline = _outline((await client.get(f"{base}/edit?select=field:address_line_4_3")).text)
    menu = re.search(r'<details class="outline-jump">(.*?)</details>', outline, re.S)
    assert menu, "no one-line menu of steps"
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", menu.group(1), re.S)
    assert summary and re.sub(r"<[^>]+>|\s+", " ", summary.group(1)).strip() == (
        "Step 4 of 6: Step 4 details"
    )
    links = re.findall(r'<a class="outline-jump__link"(.*?)</a>', menu.group(1), re.S)
    assert len(links) == 6  # every step, no field: the menu stays short
    assert f'href="{base}/edit?select=section%3Astep_4"' in links[3]
    assert 'aria-current="true"' in links[3] and "aria-current" not in links[0]
    assert "10 fields" in links[3] and "11 fields" in links[0]

    untouched = _outline((await client.get(f"{base}/edit")).text)
    assert "Go to a step (6)" in untouched  # nothing selected yet: the menu says what it does
