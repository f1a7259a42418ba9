"""The bulk send's form fields, as an integrator types them with `curl -F`: a field that
is misspelt or a dry_run that is neither true nor false must not start a real send."""

from litestar.testing import AsyncTestClient

from runtime.tables import BulkSend, Envelope
from tests.integration.conftest import Org, import_template

ROWS = b"name,email,start_date\nAna One,ana@example.com,2027-01-05\n"


async def post_form(client: AsyncTestClient, org: Org, **form: str):
    return await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"file": ("rows.csv", ROWS, "text/csv")},
        data=form,
    )


async def nothing_sent(org: Org) -> bool:
    bulks = await BulkSend.count().where(BulkSend.organisation == org.id)
    envelopes = await Envelope.count().where(Envelope.organisation == org.id)
    return bulks == 0 and envelopes == 0


async def test_a_dry_run_that_is_not_true_or_false_is_refused_not_sent(
    client: AsyncTestClient, org: Org
) -> None:
    """`dry_run=maybe` (or `y`, `preview`) started a real send: every row mailed."""
    template = await import_template(client, org)
    answer = await post_form(client, org, template_id=template["id"], dry_run="maybe")
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["detail"] == "dry_run must be true or false, not 'maybe'; nothing was sent."
    assert problem["errors"] == [{"parameter": "dry_run", "message": problem["detail"]}]
    assert await nothing_sent(org)
    for word in ("TRUE", "on", "1"):
        preview = await post_form(client, org, template_id=template["id"], dry_run=word)
        assert preview.status_code == 200, (word, preview.text)
    assert await nothing_sent(org)


async def test_a_misspelt_field_is_refused_not_ignored(client: AsyncTestClient, org: Org) -> None:
    """`-F dry-run=true` (a dash) was ignored, so the preview became a real send; so were
    `-F expires=14` and `-F mesage=…`, sent without the expiry or the note."""
    template = await import_template(client, org)
    answer = await post_form(
        client, org, template_id=template["id"], **{"dry-run": "true", "mesage": "Hi"}
    )
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["detail"] == (
        "Unknown field(s): dry-run, mesage; nothing was sent. "
        "The fields are file, template_id, dry_run, message, expires_in_days."
    )
    assert problem["errors"] == [
        {"parameter": "dry-run", "message": "is not a known field"},
        {"parameter": "mesage", "message": "is not a known field"},
    ]
    assert await nothing_sent(org)


async def test_each_wrong_field_is_named(client: AsyncTestClient, org: Org) -> None:
    """The 422s had only a `detail`: a script could not tell which field to fix; a message
    over 5000 characters was cut short in silence (an envelope's is refused)."""
    template = await import_template(client, org)
    cases = [
        ({"template_id": "nope"}, "template_id"),
        ({"template_id": template["id"], "expires_in_days": "0"}, "expires_in_days"),
        ({"template_id": template["id"], "message": "x" * 5001}, "message"),
    ]
    for form, name in cases:
        answer = await post_form(client, org, **form)
        assert answer.status_code == 422, (form, answer.text)
        problem = answer.json()
        assert problem["errors"] == [{"parameter": name, "message": problem["detail"]}]
    no_file = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"rows": ("rows.csv", ROWS, "text/csv")},
        data={"template_id": template["id"]},
    )
    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["parameter"] == "rows"
    assert await nothing_sent(org)


async def test_every_wrong_field_is_named_at_once(client: AsyncTestClient, org: Org) -> None:
    """Only the first wrong field was named: four tries to fix four fields."""
    answer = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        files={"rows": ("rows.csv", ROWS, "text/csv")},
        data={"template_id": "nope", "dry_run": "maybe", "expires_in_days": "0"},
    )
    assert answer.status_code == 422, answer.text
    assert [e["parameter"] for e in answer.json()["errors"]] == [
        "rows",
        "dry_run",
        "template_id",
        "file",
        "expires_in_days",
    ]
    # one sentence per field, and "nothing was sent" once (it followed each sentence)
    assert answer.json()["detail"] == (
        "Unknown field(s): rows. The fields are file, template_id, dry_run, message, "
        "expires_in_days. dry_run must be true or false, not 'maybe'. Send the template_id "
        "of a published template (a UUID, from GET /api/v1/templates). Send the rows as a "
        "file field named 'file' (CSV or XLSX). expires_in_days must be a whole number of "
        "days from 1 to 365. Nothing was sent."
    )
    assert await nothing_sent(org)


async def test_the_openapi_schema_lists_the_form_fields(client: AsyncTestClient) -> None:
    """/schema showed the form as an object of anything (`additionalProperties: {}`)."""
    schema = (await client.get("/schema/openapi.json")).json()
    post = schema["paths"]["/api/v1/bulk-sends"]["post"]
    form = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert list(form["properties"]) == [
        "file",
        "template_id",
        "dry_run",
        "message",
        "expires_in_days",
    ]
    assert form["required"] == ["file", "template_id"]
    assert form["additionalProperties"] is False
    assert form["properties"]["dry_run"]["type"] == "boolean"
