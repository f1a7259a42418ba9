"""The API and the designer agree on the largest `max_size` a file upload may ask for:
100,000,000 bytes (100 MB), the top of the designer's *Largest file (MB)* box. The API took
up to 104,857,600 while the box stopped at 100 MB; now the API refuses more as problem
details naming the limit. A version stored before with 104,857,600 still loads: it is
fetched, exported and sent, and its signers read "100 MB" (docs/api.md)."""

import copy
import json
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from components import definition_sha256
from runtime.settings import Settings
from runtime.tables import TemplateVersion
from tests.integration.claim_form import CLAIM_FORM, CLAIMANT
from tests.integration.conftest import (
    Org,
    app_client,
    create_envelope,
    import_template,
    new_org,
    open_link,
    path_of,
)

AT = "$.sections[0].fields[1].validation.max_size"
RULE = "must be a whole number of bytes from 1 to 100000000 (100 MB)"


def _form(max_size: int) -> dict[str, Any]:
    form = copy.deepcopy(CLAIM_FORM)
    form["sections"][0]["fields"][1]["validation"]["max_size"] = max_size
    return form


async def _import(client: AsyncTestClient, org: Org, max_size: int) -> Any:
    return await client.post(
        "/api/v1/templates",
        content=json.dumps(_form(max_size)),
        headers={**org.auth, "Content-Type": "application/json"},
    )


async def test_a_larger_limit_is_refused_as_problem_details_naming_it(
    client: AsyncTestClient, org: Org
) -> None:
    for size in (104_857_600, 200_000_000):  # the old maximum, and more than it
        refused = await _import(client, org, size)
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        problem = refused.json()
        assert problem["status"] == 422
        assert problem["detail"] == (
            "The template definition is not valid."
            if size > 104_857_600
            else "The template has problems that must be fixed before it can be published."
        )
        errors = {e["path"]: e["message"] for e in problem["errors"]}
        assert errors[AT].startswith(RULE), errors
    accepted = await _import(client, org, 100_000_000)
    assert accepted.status_code == 201, accepted.text


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_a_version_stored_with_the_old_maximum_still_loads(settings: Settings) -> None:
    """Fetched, exported, sent and opened; a server taking larger files tells its signers
    "up to 100 MB each" (104,857,600 bytes is 100 MB of 1,048,576) and takes that much."""
    async with app_client(replace(settings, max_upload_bytes=200_000_000)) as client:
        org = await new_org()
        template = await import_template(client, org, _form(100_000_000))
        stored = _form(104_857_600)  # as an older release stored it (its box's 100 MB)
        await TemplateVersion.update(
            {TemplateVersion.definition: stored, TemplateVersion.sha256: definition_sha256(stored)}
        ).where(TemplateVersion.template == template["id"])

        fetched = await client.get(f"/api/v1/templates/{template['id']}", headers=org.auth)
        assert fetched.status_code == 200, fetched.text
        exported = await client.get(f"/api/v1/templates/{template['id']}/export", headers=org.auth)
        assert exported.status_code == 200, exported.text
        receipts = exported.json()["sections"][0]["fields"][1]
        assert receipts["validation"]["max_size"] == 104_857_600

        envelope = await create_envelope(
            client, org, template["id"], recipients=[CLAIMANT], prefill={}
        )
        link = path_of(envelope["recipients"][0]["signing_url"])
        await open_link(client, link)
        step = await client.get(f"{link}/step/1")
        assert step.status_code == 200, step.text
        assert "PDF or PNG, up to 100 MB each." in step.text
        assert 'data-max-size="104857600"' in step.text
