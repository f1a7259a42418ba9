"""A step's rule tests the answers given before the step: 'Add a condition' on a step starts
on the last question answered before it (it started on the form's first field), and an empty
step offers only the fields of the steps before it (it offered every field of the form, later
steps' too, which the publish check warns about: "asked in this step or later"). A question
whose first test needs no value (a tick box, an upload, a signature) is passed over: "is
signed" would have saved a rule the author had not chosen."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import _definition, definition_of, seeded


def _offered(page: str) -> tuple[list[str], list[str]]:
    """The fields the last row's field list offers, and the one chosen in each row."""
    lists = re.findall(r'<select class="select" name="cond_field"[^>]*>(.*?)</select>', page, re.S)
    assert lists, page
    offered = re.findall(r'<option value="([^"]*)"', lists[-1])
    chosen = [re.search(r'<option value="([^"]*)" selected', each) for each in lists]
    return offered, [found.group(1) if found else "" for found in chosen]


async def _add(client: AsyncTestClient, token: str, base: str, item: str) -> str:
    added = await client.post(f"{base}/rules", data={"item": item, "do": "add"}, headers=hx(token))
    assert added.status_code == 200, added.text
    return added.text


FIRST_STEP = ["full_name", "client_type", "start", "days", "agree"]
BEFORE_SIGNING = [*FIRST_STEP, "vat", "proof"]


async def test_a_step_condition_starts_on_the_last_answer_before_the_step(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _definition())
    company = await _add(client, signed_in, base, "section:company")
    # not its own VAT; starts on the last question before the step, not on "Full name", and
    # not on the tick box after it ("is ticked" would be saved at once)
    assert _offered(company) == (FIRST_STEP, ["days"])
    assert 'name="cond_value" id="rb-0-value" value=""' in company  # its value still to enter
    assert "Always shown" in company  # nothing saved yet

    notes = await _add(client, signed_in, base, "section:notes")  # a step without fields yet
    assert _offered(notes) == (BEFORE_SIGNING, ["vat"])  # not "Signature"; not the upload
    sign = await _add(client, signed_in, base, "section:sign")
    assert _offered(sign) == (BEFORE_SIGNING, ["vat"])
    # a field's condition too: "Signature is signed" saved the moment it was added
    field = await _add(client, signed_in, base, "field:signature")
    assert _offered(field) == (BEFORE_SIGNING, ["vat"])
    assert all("visible_if" not in s for s in (await definition_of(base))["sections"])
    assert all(
        "visible_if" not in f for s in (await definition_of(base))["sections"] for f in s["fields"]
    )


async def test_an_empty_first_step_has_no_answer_to_test(
    client: AsyncTestClient, signed_in: str
) -> None:
    """No answer is given before the first step: its Logic says so, as it does for a first
    step with fields, rather than offering the questions of the steps after it."""
    definition = _definition()
    definition["sections"].insert(
        0, {"key": "welcome", "title": "Welcome", "role": "client", "fields": []}
    )
    base = await seeded(client, signed_in, definition)
    panel = await client.get(f"{base}/properties?select=section:welcome", headers=hx(signed_in))
    assert panel.status_code == 200, panel.text
    assert "Add fields before this one to show it only for some answers." in panel.text
    assert 'id="rb-add"' not in panel.text
    added = await _add(client, signed_in, base, "section:welcome")
    assert 'name="cond_field"' not in added  # nothing to add a condition on
