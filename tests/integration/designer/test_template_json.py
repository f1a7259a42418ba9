"""Export a published version as JSON from the designer and import a definition as a new
draft (#4 point 8): the same canonical bytes as the API's export; bad files name the problem."""

import json
import uuid

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, demo_definition, import_template
from tests.integration.designer.conftest import Author, draft_id_from, sign_in
from tests.integration.designer.helpers import definition_of


async def _drafts(org: uuid.UUID) -> int:
    return await Draft.count().where(Draft.organisation == org)


async def test_export_then_import_round_trips(client: AsyncTestClient, author: Author) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    token = await sign_in(client, author)
    await client.get("/designer/templates")  # the library adopts the API's template as a draft
    row = await Draft.select(Draft.id).where(Draft.template == uuid.UUID(template["id"])).first()
    base = f"/designer/templates/{row['id']}"

    versions = await client.get(f"{base}/versions")
    assert f'href="{base}/export.json"' in versions.text
    # a legal author reads what the file is for; IT still finds JSON and the SHA-256
    assert "Download a copy of version 1</a> — a file you can import again" in versions.text
    assert "as JSON</a>" not in versions.text and "Fingerprint (sha256)" not in versions.text
    assert "so you can tell which version a signed PDF came from" in versions.text
    assert "(for IT: the template's definition as JSON" in versions.text
    exported = await client.get(f"{base}/export.json")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/json")
    disposition = exported.headers["content-disposition"]
    assert 'filename="Service agreement - version 1.json"' in disposition
    assert "filename*=UTF-8''Service%20agreement%20%E2%80%93%20version%201.json" in disposition
    api = await client.get(f"/api/v1/templates/{template['id']}/export", headers=org.auth)
    assert exported.content == api.content  # canonical: byte for byte
    # the API's export downloads with the same readable name (RFC 5987 for the dash)
    assert api.headers["content-disposition"] == disposition
    first = await client.get(
        f"/api/v1/templates/{template['id']}/export", params={"version": 1}, headers=org.auth
    )
    assert first.headers["content-disposition"] == disposition

    before = await _drafts(author.organisation_id)
    imported = await client.post(
        "/designer/templates/import-json",
        data={"_csrf_token": token},
        files={"file": ("service-agreement-v1.json", exported.content, "application/json")},
    )
    assert imported.status_code == 303, imported.text
    new_base = imported.headers["location"].rsplit("/", 1)[0]
    assert draft_id_from(imported.headers["location"]) != str(row["id"])
    assert await _drafts(author.organisation_id) == before + 1
    copy = await definition_of(new_base)
    assert (
        copy["name"] == "Service agreement"
        and copy["sections"] == json.loads(exported.content)["sections"]
    )
    editor = await client.get(imported.headers["location"])
    assert editor.status_code == 200


async def test_bad_files_are_refused_with_the_problem(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    before = await _drafts(author.organisation_id)
    broken = demo_definition()
    broken["sections"][0]["fields"][0]["component"] = "hologram"
    for content, message in [
        (b"{not json", "The definition was not imported."),
        (json.dumps(broken).encode(), "Step 1 “Your details”, field “Full name”, component"),
        (b"x" * (2 * 1024 * 1024 + 10), "larger than 2 MB"),
    ]:
        refused = await client.post(
            "/designer/templates/import-json",
            data={"_csrf_token": token},
            files={"file": ("t.json", content, "application/json")},
        )
        assert refused.status_code == 422, message
        assert message in refused.text and 'role="alert"' in refused.text
    # a key used twice says where both are in the author's words, never as JSON paths
    twice = demo_definition()
    twice["sections"][0]["fields"].append(
        {"key": "full_name", "component": "text", "label": "Again"}
    )
    refused = await client.post(
        "/designer/templates/import-json",
        data={"_csrf_token": token},
        files={"file": ("t.json", json.dumps(twice).encode(), "application/json")},
    )
    assert refused.status_code == 422
    assert (
        "Step 1 “Your details”, field “Again”: &#39;full_name&#39; is already used by Step 1 "
        "“Your details”, field “Full name”" in refused.text
    ), refused.text
    assert "$." not in refused.text.split("was not imported", 1)[1].split("<", 1)[0]
    no_file = await client.post("/designer/templates/import-json", data={"_csrf_token": token})
    assert no_file.status_code == 422 and "Choose a template definition" in no_file.text
    assert await _drafts(author.organisation_id) == before

    # A draft never published has nothing to export yet.
    created = await client.post(
        "/designer/templates", data={"_csrf_token": token, "name": "Unpublished"}
    )
    base = created.headers["location"].rsplit("/", 1)[0]
    assert (await client.get(f"{base}/export.json")).status_code == 409
