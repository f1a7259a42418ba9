"""A bulk-send form field sent twice is named as such, and nothing is sent: `-F dry_run=true
-F dry_run=false` answered "dry_run must be true or false, not '['true', 'false']'" (a Python
list in the words), and two files "Send the rows as a file field named 'file'"."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template

ROWS = b"name,email\nAna,ana@example.com\n"


async def test_a_field_given_twice_is_named_and_nothing_is_sent(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    answer = await client.post(
        "/api/v1/bulk-sends",
        headers=org.auth,
        data={"template_id": template["id"], "dry_run": ["true", "false"]},
        files=[("file", ("a.csv", ROWS, "text/csv")), ("file", ("b.csv", ROWS, "text/csv"))],
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {"parameter": "file", "message": "is given 2 times: give it once"},
        {"parameter": "dry_run", "message": "is given 2 times: give it once"},
    ]
    assert answer.json()["detail"] == (
        "file is given 2 times: give it once. dry_run is given 2 times: give it once. "
        "Nothing was sent."
    )
    envelopes = await client.get("/api/v1/envelopes", headers=org.auth)
    assert envelopes.json()["total"] == 0
