"""The properties pane offers only what means something for the item: a calculated value
has no Required box and no Prefill (nobody answers it), an upload or signature no Prefill
(only signing gives it); a role lists its steps as '1 field', not '1 fields'."""

import copy
import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.helpers import SIGNED_FORM, seeded

CHIP = re.compile(r'data-insert="([a-z0-9_]+)"')
NAME = {"key": "name", "component": "text", "label": "Name"}


async def test_only_the_properties_that_apply_are_offered(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = copy.deepcopy(SIGNED_FORM)
    definition["sections"][0]["fields"] += [
        {"key": "total", "component": "computed", "label": "Total", "expression": {"+": [1, 2]}},
        {"key": "passport", "component": "attachment", "label": "Passport"},
    ]
    base = await seeded(client, signed_in, definition)

    async def pane(select: str) -> str:
        response = await client.get(f"{base}/properties", params={"select": select})
        assert response.status_code == 200, response.text
        return response.text

    text = await pane("field:full_name")
    assert 'id="prop-required"' in text and 'id="prop-prefill"' in text
    computed = await pane("field:total")
    assert 'id="prop-required"' not in computed and 'id="prop-prefill"' not in computed
    # "Show as" offers words, not the stored values "number" and "money"
    assert '<option value="number" selected>A number</option>' in computed
    assert '<option value="money">An amount of money</option>' in computed
    # the whole width of the pane, so "An amount of money" is not cut off in half of it
    assert (
        '<div class="prop-grid__wide">\n        <label class="prop__sublabel" for="prop-v-format">'
        in computed
    )
    for upload in (await pane("field:passport"), await pane("field:signature")):
        assert 'id="prop-required"' in upload and 'id="prop-prefill"' not in upload

    role = await pane("role:client")
    assert "Your company (1 field)" in role and "Your details (4 fields)" in role


async def test_the_formula_helper_offers_only_fields_a_formula_can_use(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = copy.deepcopy(SIGNED_FORM)
    definition["sections"][0]["fields"] += [
        {
            "key": "salary",
            "component": "money",
            "label": "Salary",
            "validation": {"currency": "EUR"},
        },
        {"key": "start", "component": "date", "label": "Start"},
        {"key": "jobs", "component": "group", "label": "Jobs", "fields": [NAME]},
        {"key": "total", "component": "computed", "label": "Total", "expression": {"+": [1, 2]}},
    ]
    base = await seeded(client, signed_in, definition)
    pane = await client.get(f"{base}/properties", params={"select": "field:total"})
    chips = CHIP.findall(pane.text)
    # it listed full_name, client_type, company_name and signature too
    assert chips == ["salary", "start", "jobs"]
