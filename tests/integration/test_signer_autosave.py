"""Autosave and server-side visibility over HTTP, on SQLite and PostgreSQL."""

import re
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from components import Definition
from runtime.tables import Recipient
from tests.integration.conftest import Org, create_envelope, import_template, open_link, path_of

DEFINITION = {
    "name": "Membership",
    "roles": [{"key": "member", "name": "Member"}],
    "sections": [
        {
            "key": "you",
            "title": "You",
            "role": "member",
            "fields": [
                {"key": "age", "component": "number", "label": "Age", "required": True},
                {
                    "key": "guardian",
                    "component": "text",
                    "label": "Guardian's name",
                    "required": True,
                    "visible_if": {"<": [{"var": "age"}, 18]},
                },
            ],
        },
        {
            "key": "school",
            "title": "School",
            "role": "member",
            "visible_if": {"<": [{"var": "age"}, 18]},
            "fields": [
                {"key": "school_name", "component": "text", "label": "School", "required": True}
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "member",
            "fields": [
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                }
            ],
        },
    ],
}


async def _membership_envelope(client: AsyncTestClient, org: Org) -> tuple[dict, str]:
    """An envelope of DEFINITION for Jo, and the path of Jo's signing link."""
    template = await import_template(client, org, DEFINITION)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "member", "name": "Jo", "email": "jo@example.com"}],
        prefill={},
    )
    return envelope, path_of(envelope["recipients"][0]["signing_url"])


async def test_drafts_keep_what_was_typed_and_the_server_decides_what_is_shown(
    client: AsyncTestClient, org: Org
) -> None:
    envelope, link = await _membership_envelope(client, org)
    page = await open_link(client, link)
    assert 'id="field-guardian"' not in page.text and "Step 1 of 3" in page.text

    young = await client.post(
        f"{link}/step/1/draft", data={"age": "12"}, headers={"HX-Request": "true"}
    )
    assert young.status_code == 200
    assert 'id="field-guardian"' in young.text and "Step 1 of 4" in young.text
    assert "There is a problem" not in young.text and "field-error" not in young.text

    typo = await client.post(
        f"{link}/step/1/draft",
        data={"age": "twelve", "guardian": "Pat <script>"},
        headers={"HX-Request": "true"},
    )
    assert "field-error" not in typo.text  # kept as typed, not judged
    assert 'id="field-guardian"' not in typo.text  # an unreadable age cannot make it apply
    row = (
        await Recipient.select(Recipient.draft, Recipient.answers)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .output(load_json=True)
        .first()
    )
    assert row["draft"]["age"] == "twelve" and row["draft"]["guardian"] == "Pat <script>"
    assert row["answers"] == {}

    # opening the link again (any device) shows the draft, without judging it
    again = await client.get(f"{link}/step/1")
    assert 'value="twelve"' in again.text and "There is a problem" not in again.text
    # Continue still validates
    judged = await client.post(
        f"{link}/step/1", data={"age": "twelve", "guardian": "Pat", "__shown": "age"}
    )
    assert judged.status_code == 422 and "Age must be" in judged.text
    adult = await client.post(f"{link}/step/1", data={"age": "40", "__shown": "age"})
    assert adult.status_code == 303 and adult.headers["location"] == f"{link}/step/2"
    row = (
        await Recipient.select(Recipient.draft, Recipient.answers)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .output(load_json=True)
        .first()
    )
    assert "guardian" not in row["answers"] and "age" not in row["draft"]


async def test_autosave_sends_markup_only_for_fields_the_page_does_not_show_yet(
    client: AsyncTestClient, org: Org
) -> None:
    """The page keeps its own copy of the fields it shows (with what is being typed), so an
    autosave that names them in `__shown` gets their slots back empty, in order; a field
    that just appeared comes with its markup."""
    _envelope, link = await _membership_envelope(client, org)
    await open_link(client, link)
    hx = {"HX-Request": "true"}

    young = await client.post(
        f"{link}/step/1/draft", data={"age": "12", "__shown": "age"}, headers=hx
    )
    assert young.status_code == 200 and "Step 1 of 4" in young.text
    assert re.search(
        r'<div class="field-slot" id="slot-age" data-slot="number">\s*</div>', young.text
    )
    assert 'id="input-age"' not in young.text  # the page has it, with what was typed
    assert 'id="input-guardian"' in young.text and "Guardian&#39;s name" in young.text
    assert young.text.index('id="slot-age"') < young.text.index('id="slot-guardian"')
    assert 'id="shown-keys" value="age guardian"' in young.text

    both = await client.post(
        f"{link}/step/1/draft",
        data={"age": "13", "guardian": "Pat", "__shown": "age guardian"},
        headers=hx,
    )
    assert 'id="input-age"' not in both.text and 'id="input-guardian"' not in both.text
    assert 'id="slot-guardian"' in both.text

    adult = await client.post(
        f"{link}/step/1/draft", data={"age": "40", "__shown": "age guardian"}, headers=hx
    )
    assert 'id="slot-guardian"' not in adult.text and "Step 1 of 3" in adult.text
    assert 'id="shown-keys" value="age"' in adult.text
    # without `__shown` (no page copy to keep) every field comes whole, as before
    whole = await client.post(f"{link}/step/1/draft", data={"age": "40"}, headers=hx)
    assert 'id="input-age"' in whole.text and 'value="40"' in whole.text


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_autosave_finds_its_fields_by_key_without_walking_every_step(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked-prefill checks and the cleaning of typed values look fields up in the
    context's index (SigningContext.fields_by_key), not with Definition.field, which walks
    every step for each of the twenty or so look-ups of an autosave."""
    _envelope, link = await _membership_envelope(client, org)
    await open_link(client, link)
    walks: list[str] = []
    real = Definition.field

    def counted(self: Definition, key: str) -> Any:
        walks.append(key)
        return real(self, key)

    monkeypatch.setattr(Definition, "field", counted)
    saved = await client.post(
        f"{link}/step/1/draft", data={"age": "12"}, headers={"HX-Request": "true"}
    )
    assert saved.status_code == 200 and 'id="field-guardian"' in saved.text
    assert walks == []
