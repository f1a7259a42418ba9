"""A panel's change sent again by Retry after the author chose another item (`shown`,
designer-saving.js): /properties and /rules save it and answer with the canvas redrawn
around the item shown, never with the changed item's panel pieces, which would have been
swapped into the panel of the item shown (its target, its key box, the selection)."""

import json

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import Author, draft_id_from, hx
from tests.integration.designer.helpers import definition_of


def _revision(response) -> int:
    return json.loads(response.headers["hx-trigger"])["fs-saved"]["revision"]


async def _two_fields(client: AsyncTestClient, token: str) -> tuple[str, int]:
    made = await client.post("/designer/templates", data={"_csrf_token": token, "name": "Retry"})
    base = f"/designer/templates/{draft_id_from(made.headers['location'])}"
    step = await client.post(f"{base}/sections", data={"title": "You"}, headers=hx(token))
    revision = _revision(step)
    for component in ("radio", "text"):
        added = await client.post(
            f"{base}/fields",
            data={"component": component, "section": "you"},
            headers=hx(token, revision),
        )
        revision = _revision(added)
    return base, revision


async def test_a_retried_change_keeps_the_panel_of_the_item_shown(
    client: AsyncTestClient, author: Author, signed_in: str
) -> None:
    token = signed_in
    base, revision = await _two_fields(client, token)
    data = {"item": "field:radio_buttons", "label": "Applicant type", "key": "radio_buttons"}
    data |= {"options": "Person\nCompany", "tab": "form", "shown": "field:short_text"}
    saved = await client.post(f"{base}/properties", data=data, headers=hx(token, revision))
    assert saved.status_code == 200, saved.text
    fields = (await definition_of(base))["sections"][0]["fields"]
    assert [f["label"] for f in fields] == ["Applicant type", "Short text"]
    assert [f["key"] for f in fields] == ["applicant_type", "short_text"]
    assert 'id="canvas" hx-swap-oob="innerHTML"' in saved.text
    assert 'class="canvas-field is-selected" data-key="short_text"' in saved.text
    for piece in ('id="prop-target"', 'id="prop-key"', 'id="selection"', 'id="properties"'):
        assert piece not in saved.text, piece

    # the same item chosen again since: its panel is drawn again, its key following the
    # question
    data |= {"item": "field:applicant_type", "label": "Who applies", "key": "applicant_type"}
    data["shown"] = "field:applicant_type"
    again = await client.post(f"{base}/properties", data=data, headers=hx(token, _revision(saved)))
    assert again.status_code == 200, again.text
    assert 'id="properties" hx-swap-oob="innerHTML"' in again.text
    assert 'id="prop-label" name="label" value="Who applies"' in again.text
    assert 'id="selection" name="select" value="field:who_applies"' in again.text
    assert 'id="prop-target" name="item" value="field:who_applies"' in again.text

    # a rule of the rule builder, the same way
    rule = {"item": "field:short_text", "tab": "form", "shown": "field:who_applies"}
    rule |= {"cond_field": "who_applies", "cond_op": "eq", "cond_value": "company"}
    ruled = await client.post(f"{base}/rules", data=rule, headers=hx(token, _revision(again)))
    assert ruled.status_code == 200, ruled.text
    assert 'id="rule-builder"' not in ruled.text
    assert 'class="canvas-field is-selected" data-key="who_applies"' in ruled.text
    fields = (await definition_of(base))["sections"][0]["fields"]
    assert fields[1].get("visible_if")
