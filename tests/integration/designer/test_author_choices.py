"""What the editor offers an author to choose from: the template's language by name, the
merge fields a clause can quote, and the item that stays selected after undo."""

import re
import uuid
from typing import Any

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import SIGNED_FORM, definition_of, seeded


async def _revision(base: str) -> int:
    row = await Draft.select(Draft.revision).where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
    return int(row[0]["revision"])


def _options(html: str, select_id: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the <select> with that id."""
    body = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [
        (value, re.sub(r"<[^>]+>", "", label).strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"(?: data-label="[^"]*")?( selected)?>([^<]*)</option>', body
        )
    ]


async def _save_language(client: AsyncTestClient, base: str, token: str, language: str) -> Any:
    data = {"item": "template", "name": "Consulting agreement", "language": language}
    return await client.post(
        f"{base}/properties", data=data, headers=hx(token, await _revision(base))
    )


async def test_language_is_chosen_by_name_and_stored_as_a_code(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    panel = (await client.get(f"{base}/properties?select=template", headers=hx(token))).text
    options = _options(panel, "prop-language")
    labels = {value: label for value, label, _ in options}
    assert labels["en"] == "English" and labels["vi"] == "Vietnamese — Tiếng Việt"
    assert labels["zh-CN"].startswith("Chinese (Simplified)") and {"fr", "ms"} <= set(labels)
    assert [value for value, _, chosen in options if chosen] == ["en"]
    assert "A code such as" not in panel

    assert (await _save_language(client, base, token, "vi")).status_code == 200
    assert (await definition_of(base))["language"] == "vi"
    refused = await _save_language(client, base, token, "xx")
    assert refused.status_code == 422 and "Choose one of the languages" in refused.text
    assert (await definition_of(base))["language"] == "vi"


async def test_a_language_outside_the_list_is_shown_and_kept(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token, {**SIGNED_FORM, "language": "ja"})
    panel = (await client.get(f"{base}/properties?select=template", headers=hx(token))).text
    assert ("ja", "Japanese (ja)", True) in _options(panel, "prop-language")
    saved = await _save_language(client, base, token, "ja")  # the panel posts it back as is
    assert saved.status_code == 200, saved.text
    assert (await definition_of(base))["language"] == "ja"


async def test_merge_fields_are_only_answers_that_read_as_text(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    fields: list[dict[str, Any]] = [
        {"key": "full_name", "component": "text", "label": "Full name"},
        {
            "key": "amount",
            "component": "money",
            "label": "Amount",
            "validation": {"currency": "EUR"},
        },
        {"key": "start", "component": "date", "label": "Start date"},
        {"key": "agree", "component": "checkbox", "label": "I agree"},
        {"key": "total", "component": "computed", "label": "Total", "expression": {"*": [2, 3]}},
        {"key": "sig", "component": "signature", "label": "Signature"},
        {"key": "ini", "component": "initials", "label": "Initials"},
        {"key": "id_copy", "component": "attachment", "label": "ID copy"},
        {"key": "seal", "component": "stamp", "label": "Company stamp"},
        {"key": "intro", "component": "paragraph", "label": "Read this"},
    ]
    definition = {
        "name": "Merge fields",
        "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
        "sections": [{"key": "s", "title": "Step", "role": "client", "fields": fields}],
        "document": [{"kind": "paragraph", "html": "<p>Between us.</p>"}],
    }
    base = await seeded(client, token, definition)
    panel = await client.get(f"{base}/properties?select=block:0&tab=document", headers=hx(token))
    assert panel.status_code == 200, panel.text
    offered = [value for value, _, _ in _options(panel.text, "rte-merge") if value]
    assert offered == ["full_name", "amount", "start", "agree", "total"]


async def test_undoing_a_rename_keeps_the_question_selected(
    client: AsyncTestClient, signed_in: str
) -> None:
    token = signed_in
    base = await seeded(client, token)
    renamed = await client.post(
        f"{base}/properties",
        data={
            "item": "field:full_name",
            "label": "Legal name",
            "key": "full_name",
            "owner": "client",
            "prefill_source": "",
        },
        headers=hx(token, await _revision(base)),
    )
    assert renamed.status_code == 200, renamed.text
    assert 'id="selection" name="select" value="field:legal_name"' in renamed.text

    undone = await client.post(
        f"{base}/undo", data={"select": "field:legal_name"}, headers=hx(token)
    )
    assert undone.status_code == 200, undone.text
    assert "Template settings" not in undone.text
    assert 'value="field:full_name"' in undone.text and 'value="Full name"' in undone.text

    redone = await client.post(
        f"{base}/redo", data={"select": "field:full_name"}, headers=hx(token)
    )
    assert 'value="field:legal_name"' in redone.text and 'value="Legal name"' in redone.text
    # undoing what removes the selected item still falls back to the template's settings
    await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(token))
    added = (await definition_of(base))["sections"][-1]["fields"][-1]["key"]
    gone = await client.post(f"{base}/undo", data={"select": f"field:{added}"}, headers=hx(token))
    assert "Template settings" in gone.text
