"""Create -> edit through the htmx endpoints -> publish -> the version exists in the engine."""

import json
import uuid

from litestar.testing import AsyncTestClient

from designer.tables import Draft
from runtime.templates import service as templates
from tests.integration.designer.conftest import Author, draft_id_from, hx
from tests.integration.designer.helpers import definition_of


async def _create(client: AsyncTestClient, token: str, name: str) -> str:
    response = await client.post("/designer/templates", data={"_csrf_token": token, "name": name})
    assert response.status_code == 303, response.text
    return f"/designer/templates/{draft_id_from(response.headers['location'])}"


def _revision(response) -> int:
    return json.loads(response.headers["hx-trigger"])["fs-saved"]["revision"]


async def test_build_a_template_and_publish_it(
    client: AsyncTestClient, author: Author, signed_in: str
) -> None:
    token = signed_in
    base = await _create(client, token, "Loan <application>")
    page = await client.get(f"{base}/edit")
    assert page.status_code == 200
    assert "Add your first step" in page.text
    assert "Loan &lt;application&gt;" in page.text

    step = await client.post(f"{base}/sections", data={"title": "Applicant"}, headers=hx(token))
    assert step.status_code == 200 and 'id="workspace"' not in step.text  # a partial
    revision = _revision(step)
    added = await client.post(
        f"{base}/fields",
        data={"component": "radio", "section": "applicant"},
        headers=hx(token, revision),
    )
    revision = _revision(added)
    assert "Radio buttons" in added.text
    changed = await client.post(
        f"{base}/properties",
        data={
            "item": "field:radio_buttons",
            "label": "Applicant type",
            "key": "radio_buttons",
            "required": "on",
            "options": "Person\nCompany",
            "prefill_source": "",
            "owner": "signer",
        },
        headers=hx(token, revision),
    )
    assert changed.status_code == 200, changed.text
    assert 'value="applicant_type"' in changed.text  # the key followed the label
    revision = _revision(changed)
    await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(token, revision))
    draft = await Draft.objects().where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1])).first()
    revision = draft.revision

    rule = await client.post(
        f"{base}/rules",
        data={
            "item": "field:short_text",
            "cond_field": "applicant_type",
            "cond_op": "eq",
            "cond_value": "company",
            "combinator": "all",
        },
        headers=hx(token, revision),
    )
    assert rule.status_code == 200
    assert "Show this field when “Applicant type” is Company" in rule.text
    revision = _revision(rule)
    sig = await client.post(
        f"{base}/fields", data={"component": "signature"}, headers=hx(token, revision)
    )
    revision = _revision(sig)

    stale = await client.post(f"{base}/sections", headers=hx(token, revision - 1))
    assert stale.status_code == 409
    assert "changed in another window" in stale.text

    undo = await client.post(f"{base}/undo", data={"select": ""}, headers=hx(token))
    assert "Signature" not in undo.text.split('id="canvas"')[1]
    redo = await client.post(f"{base}/redo", data={"select": ""}, headers=hx(token))
    assert json.loads(redo.headers["hx-trigger"])["fs-saved"]["redo"] is False

    review = await client.get(f"{base}/publish")
    assert review.status_code == 200
    assert "First version: 1 step with 3 fields" in review.text
    published = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert published.status_code == 303, published.text
    assert published.headers["location"].endswith("/versions?published=1")

    draft = await Draft.objects().where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1])).first()
    assert draft is not None and draft.template is not None
    template = await templates.get_template(author.organisation_id, draft.template)
    assert template["version"]["number"] == 1
    fields = template["definition"]["sections"][0]["fields"]
    assert [f["key"] for f in fields] == ["applicant_type", "short_text", "signature"]
    assert fields[1]["visible_if"] == {"and": [{"==": [{"var": "applicant_type"}, "company"]}]}

    versions = await client.get(f"{base}/versions?published=1")
    assert "Version 1 is published" in versions.text
    # the next step of an author is sending it, not the API: its links come first
    notice = versions.text.split('class="notice notice--success"')[1].split("</div>")[0]
    send = f'Send it now: <a href="/designer/envelopes/new?template_id={draft.template}">'
    assert send in notice and "to many from a spreadsheet</a>" in notice
    assert notice.index(send) < notice.index("For developers sending it through the API")
    assert versions.text.count(send.removeprefix("Send it now: ")) == 1  # not twice in a row
    library = await client.get("/designer/templates")
    assert "v1" in library.text and "up to date" in library.text

    again = await client.post(f"{base}/publish", data={"_csrf_token": token})
    assert again.status_code == 422 and "Nothing changed since version 1" in again.text


async def test_publishing_is_refused_while_lint_finds_errors(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _create(client, signed_in, "Half done")
    await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(signed_in))
    review = await client.get(f"{base}/publish")
    assert "to fix before publishing" in review.text
    assert "no signature field" in review.text
    refused = await client.post(f"{base}/publish", data={"_csrf_token": signed_in})
    assert refused.status_code == 422
    assert "Fix the problems listed before publishing" in refused.text


async def test_library_search_duplicate_archive(client: AsyncTestClient, signed_in: str) -> None:
    token = signed_in
    base = await _create(client, token, "Rental agreement")
    await _create(client, token, "Consent form")
    found = await client.get("/designer/templates?q=rental", headers={"HX-Request": "true"})
    assert "Rental agreement" in found.text and "Consent form" not in found.text
    assert "<html" not in found.text  # only the list
    copy = await client.post(f"{base}/duplicate", data={"_csrf_token": token})
    assert copy.status_code == 303
    library = await client.get("/designer/templates")
    assert "Copy of Rental agreement" in library.text
    archived = await client.post(f"{base}/archive", data={"_csrf_token": token})
    assert archived.status_code == 303
    library = await client.get("/designer/templates?q=rental")
    assert ">Rental agreement<" not in library.text
    shelf = await client.get("/designer/templates?show=archived")
    assert "Rental agreement" in shelf.text
    await client.post(f"{base}/restore", data={"_csrf_token": token})
    assert ">Rental agreement<" in (await client.get("/designer/templates")).text


async def test_formula_helper_and_the_lint_count(client: AsyncTestClient, signed_in: str) -> None:
    base = await _create(client, signed_in, "Quote")
    await client.post(f"{base}/sections", headers=hx(signed_in))
    page = await client.get(f"{base}/edit")
    assert "problem" in page.text  # the editor says publishing is blocked, and why
    await client.post(f"{base}/fields", data={"component": "number"}, headers=hx(signed_in))
    await client.post(f"{base}/fields", data={"component": "computed"}, headers=hx(signed_in))
    form = {
        "item": "field:calculated_value",
        "label": "Total",
        "key": "calculated_value",
        "prefill_source": "",
        "owner": "signer",
    }
    bad = await client.post(
        f"{base}/properties", data={**form, "formula": "number * price"}, headers=hx(signed_in)
    )
    assert bad.status_code == 422 and "no field with the key price" in bad.text
    good = await client.post(
        f"{base}/properties", data={**form, "formula": "(number + 2) * 1.2"}, headers=hx(signed_in)
    )
    assert good.status_code == 200
    total = (await definition_of(base))["sections"][0]["fields"][1]
    assert total["key"] == "total"
    assert total["expression"] == {"*": [{"+": [{"var": "number"}, 2]}, 1.2]}
    panel = await client.get(f"{base}/properties?select=field:total", headers=hx(signed_in))
    assert "(number + 2) * 1.2" in panel.text


async def test_every_component_can_be_added_shown_edited_and_previewed(
    client: AsyncTestClient, signed_in: str
) -> None:
    from components import registered_components

    base = await _create(client, signed_in, "Everything")
    await client.post(f"{base}/sections", headers=hx(signed_in))
    for name in registered_components():
        added = await client.post(f"{base}/fields", data={"component": name}, headers=hx(signed_in))
        assert added.status_code == 200, f"{name}: {added.text[:300]}"
    for field in (await definition_of(base))["sections"][0]["fields"]:
        panel = await client.get(
            f"{base}/properties?select=field:{field['key']}", headers=hx(signed_in)
        )
        assert panel.status_code == 200, f"{field['component']}: {panel.text[:300]}"
    for page in ("edit", "document", "roles", "publish", "versions"):
        response = await client.get(f"{base}/{page}")
        assert response.status_code == 200, f"{page}: {response.text[:300]}"
