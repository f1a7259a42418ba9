"""Restore as draft over a draft with unpublished changes asks first, saying which changes
it replaces; only "Replace the draft" replaces it. An unchanged draft is restored at once."""

import copy
import re
import uuid
from html import unescape

from litestar.testing import AsyncTestClient

from designer import drafts
from designer.tables import Draft
from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, demo_definition, import_template
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.helpers import definition_of


async def _two_versions(client: AsyncTestClient, author: Author) -> str:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    v2 = demo_definition()
    v2["sections"][0]["fields"][2]["label"] = "Company name"
    published = await client.post(
        f"/api/v1/templates/{template['id']}/publish", json=v2, headers=org.auth
    )
    assert published.status_code == 201, published.text
    await client.get("/designer/templates")  # the library adopts the API's template
    row = await Draft.select(Draft.id).where(Draft.template == uuid.UUID(template["id"])).first()
    return f"/designer/templates/{row['id']}"


async def _edit_draft(base: str, organisation_id: uuid.UUID) -> dict:
    state = await drafts.get(organisation_id, uuid.UUID(base.rsplit("/", 1)[1]))
    changed = copy.deepcopy(state.definition)
    changed["sections"][0]["fields"][0]["label"] = "Your full legal name"
    changed["document"][0]["level"] = 1  # spelled out, as the designer writes a title
    await drafts.save(state, changed, actor="test", summary="reworded")
    return changed


async def test_restoring_over_unpublished_changes_asks_and_says_what_goes(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    base = await _two_versions(client, author)
    changed = await _edit_draft(base, author.organisation_id)

    versions = unescape((await client.get(f"{base}/versions")).text)
    assert 'data-confirm-restore="1"' in versions  # the script asks in a dialog
    assert '<dialog class="dialog" id="restore-dialog"' in versions
    assert "Reworded the question “Full name” to “Your full legal name”." in versions
    # only what the author changed: the draft's spelled-out defaults (the title heading's
    # level 1, which the version leaves out) are no change ("Edited the heading …")
    replaced = re.search(r'id="restore-what".*?</ul>', versions, re.S)
    assert replaced and re.findall(r"<li>(.*?)</li>", replaced.group()) == [
        "Reworded the question “Full name” to “Your full legal name”."
    ]

    asked = await client.post(f"{base}/versions/1/restore", data={"_csrf_token": token})
    assert asked.status_code == 200
    page = unescape(asked.text)
    assert 'role="alertdialog"' in page
    assert "Replace your draft with version 1?" in page
    assert "Reworded the question “Full name” to “Your full legal name”." in page
    assert 'name="confirm" value="replace"' in page
    assert "Keep my draft" in page
    assert await definition_of(base) == changed  # nothing replaced yet

    replaced = await client.post(
        f"{base}/versions/1/restore", data={"_csrf_token": token, "confirm": "replace"}
    )
    assert replaced.status_code == 303
    draft = await definition_of(base)
    assert draft["sections"][0]["fields"][0]["label"] == "Full name"
    assert draft["sections"][0]["fields"][2]["label"] == "Company name (optional)"


async def test_an_unchanged_draft_is_restored_without_a_question(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    base = await _two_versions(client, author)
    versions = (await client.get(f"{base}/versions")).text
    assert "data-confirm-restore" not in versions and "restore-dialog" not in versions
    restored = await client.post(f"{base}/versions/1/restore", data={"_csrf_token": token})
    assert restored.status_code == 303
    draft = await definition_of(base)
    assert draft["sections"][0]["fields"][2]["label"] == "Company name (optional)"
