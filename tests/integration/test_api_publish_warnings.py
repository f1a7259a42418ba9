"""An integrator publishing through the API gets the warnings an author gets from the
designer's publish check, in the same words, and the template is published all the same
(they were silent: an optional or skippable question quoted in a clause, a signer with no
signature block, a step without fields). The CLI's import prints them: tests/integration/
test_cli.py."""

import copy
import json

from litestar.testing import AsyncTestClient

from designer.publishing.lint import lint as designer_check
from runtime.api import examples as ex
from tests.integration.conftest import Org
from tests.integration.helpers import SIREN_SKIPPED, WARNINGS, warned_definition


def _pairs(warnings: list[dict[str, str]]) -> list[tuple[str, str]]:
    assert all(w["severity"] == "warning" for w in warnings), warnings
    return [(w["path"], w["message"]) for w in warnings]


async def test_import_publish_and_get_carry_the_designers_warnings(
    client: AsyncTestClient, org: Org
) -> None:
    definition = warned_definition()
    designer = [p.message for p in designer_check(definition) if p.level == "warning"]
    assert designer == [message for _, message in WARNINGS]  # what the author reads

    headers = {**org.auth, "Content-Type": "application/json"}
    imported = await client.post(
        "/api/v1/templates", content=json.dumps(definition), headers=headers
    )
    assert imported.status_code == 201, imported.text  # warned, not refused
    body = imported.json()
    assert body["published"] is True and body["version"]["number"] == 1
    assert _pairs(body["warnings"]) == WARNINGS

    changed = copy.deepcopy(definition)
    changed["document"][1]["visible_if"] = {"==": [{"var": "kind"}, "company"]}  # guarded
    published = await client.post(
        f"/api/v1/templates/{body['id']}/publish", content=json.dumps(changed), headers=headers
    )
    assert published.status_code == 201, published.text
    assert published.json()["version"]["number"] == 2
    left = [w for w in WARNINGS if w[1] != SIREN_SKIPPED]  # the clause follows its step now
    assert _pairs(published.json()["warnings"]) == left

    fetched = await client.get(f"/api/v1/templates/{body['id']}", headers=org.auth)
    assert fetched.status_code == 200
    assert _pairs(fetched.json()["warnings"]) == left


async def test_the_documented_warning_example_is_what_the_api_answers(
    client: AsyncTestClient, org: Org
) -> None:
    imported = await client.post("/api/v1/templates", json=ex.WARNED_DEFINITION, headers=org.auth)
    assert imported.status_code == 201, imported.text
    assert imported.json()["warnings"] == ex.WARNINGS
    assert set(imported.json()) == set(ex.WARNED)
    fetched = await client.get(f"/api/v1/templates/{imported.json()['id']}", headers=org.auth)
    assert set(fetched.json()) == set(ex.FETCHED)
    assert fetched.json()["warnings"] == ex.WARNINGS


async def test_a_refused_definition_carries_its_warnings_with_its_errors(
    client: AsyncTestClient, org: Org
) -> None:
    """A key used twice refused the import with that error alone; its warnings came only
    once it was fixed, a second round. Now both come at once, here and in the designer."""
    definition = warned_definition()
    note = {"key": "note", "component": "text", "label": "Note"}
    definition["sections"][0]["fields"] += [note, {**note, "label": "Other note"}]
    headers = {**org.auth, "Content-Type": "application/json"}
    refused = await client.post(
        "/api/v1/templates", content=json.dumps(definition), headers=headers
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert [e["message"] for e in problem["errors"]] == [
        "'note' is already used at $.sections[0].fields[4].key"
    ]
    assert _pairs(problem["warnings"]) == WARNINGS
    # the designer's publish check of the same draft lists them under its error too
    designer = [p.message for p in designer_check(definition) if p.level == "warning"]
    assert designer == [message for _, message in WARNINGS]


async def test_a_body_that_cannot_be_read_is_a_400_without_warnings_as_api_md_says(
    client: AsyncTestClient, org: Org
) -> None:
    """docs/api.md said a definition that is not JSON had no warnings in its 422: it is a
    400 without a `warnings` key; only JSON that is no definition is a 422 with `[]`."""
    from pathlib import Path

    doc = " ".join((Path(__file__).parents[2] / "docs" / "api.md").read_text().split())
    headers = {**org.auth, "Content-Type": "application/json"}
    for body in ("", "{not json"):
        unread = await client.post("/api/v1/templates", content=body, headers=headers)
        assert unread.status_code == 400, body
        assert "warnings" not in unread.json() and unread.json()["errors"][0]["path"] == "$"
    empty = await client.post("/api/v1/templates", content="", headers=headers)
    assert f'`"{empty.json()["detail"]}"`' in doc
    assert "a `400` (see the table above) with `errors` alone, no `warnings` key" in doc
    array = await client.post("/api/v1/templates", content="[1]", headers=headers)
    assert array.status_code == 422 and array.json()["warnings"] == []
    assert 'is a `422` with `"warnings": []`' in doc
