"""The Versions tab as a legal team uses it while envelopes are in flight: every version
says what changed (also those published through the API), any version can be downloaded,
and an older one restored as the draft to look at and publish again."""

import copy
import json
import uuid
from html import unescape

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, create_envelope, demo_definition, import_template
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.helpers import definition_of


async def _api_template_with_two_versions(
    client: AsyncTestClient, author: Author
) -> tuple[Org, dict, str]:
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
    return org, template, f"/designer/templates/{row['id']}"


async def test_an_older_version_is_downloaded_and_restored_as_the_draft(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    org, template, base = await _api_template_with_two_versions(client, author)
    in_flight = await create_envelope(client, org, template["id"])  # on version 2

    # Any version downloads, byte for byte what the API exports for it.
    mine = await client.get(f"{base}/export.json", params={"version": 1})
    assert mine.status_code == 200
    assert 'filename="Service agreement - version 1.json"' in mine.headers["content-disposition"]
    api = await client.get(
        f"/api/v1/templates/{template['id']}/export", params={"version": 1}, headers=org.auth
    )
    assert api.content == mine.content
    assert json.loads(mine.content)["sections"][0]["fields"][2]["label"] == (
        "Company name (optional)"
    )
    missing = await client.get(
        f"/api/v1/templates/{template['id']}/export", params={"version": 9}, headers=org.auth
    )
    assert missing.status_code == 404 and "its versions are 1 to 2" in missing.json()["detail"]
    zero = await client.get(
        f"/api/v1/templates/{template['id']}/export", params={"version": 0}, headers=org.auth
    )
    assert zero.status_code == 422 and zero.json()["errors"][0]["parameter"] == "version"

    versions = unescape((await client.get(f"{base}/versions")).text)
    # Versions published through the API say what changed, as the designer's do.
    assert "Reworded the question “Company name (optional)” to “Company name”." in versions
    assert "First version: 2 steps with" in versions
    assert "by the API or the command line" in versions
    assert f'action="{base}/versions/1/restore"' in versions
    assert f'action="{base}/versions/2/restore"' not in versions  # the draft is version 2
    restored = await client.post(f"{base}/versions/1/restore", data={"_csrf_token": token})
    assert restored.status_code == 303
    notice = unescape((await client.get(restored.headers["location"])).text)
    assert "The draft is now a copy of version 1" in notice
    draft = await definition_of(base)
    assert draft["sections"][0]["fields"][2]["label"] == "Company name (optional)"

    publish = unescape((await client.get(f"{base}/publish")).text)
    assert "Reworded the question “Company name” to “Company name (optional)”." in publish
    envelope = await client.get(f"/api/v1/envelopes/{in_flight['id']}", headers=org.auth)
    assert envelope.json()["template_version"] == 2  # restoring changes no envelope

    undone = copy.deepcopy(draft)
    assert (await client.post(f"{base}/undo", data={"_csrf_token": token})).status_code < 400
    assert (await definition_of(base)) != undone  # Undo brings back the draft you had


async def test_a_summary_published_in_older_words_reads_in_todays(
    client: AsyncTestClient, author: Author
) -> None:
    """Summaries stored before 2026-11-28 counted 'a document of 12 blocks'; the Versions
    tab works them out from the versions themselves, so they read as today's do."""
    from designer.tables import Publication

    await sign_in(client, author)
    _, _, base = await _api_template_with_two_versions(client, author)
    draft_id = uuid.UUID(base.rsplit("/", 1)[1])
    old = "First version: 2 steps with 9 fields, the roles Customer, and a document of 12 blocks."
    await Publication(
        draft=draft_id, version=1, sha256="", changes=[old], published_by="ann"
    ).save()
    versions = unescape((await client.get(f"{base}/versions")).text)
    assert "blocks" not in versions
    assert "a document of" in versions and "clause" in versions
    assert "by ann" in versions  # who published it still comes from the stored note
