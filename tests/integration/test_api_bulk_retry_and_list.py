"""A bulk send retried after a timeout, and the list of bulk sends, as an integrator uses them.

Before, `Idempotency-Key` was ignored on POST /api/v1/bulk-sends (a retry after a lost
answer started the same 10,000 envelopes twice) and there was no list to find out whether
the first POST had made its bulk send: GET /api/v1/bulk-sends was a 405."""

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import AsyncTestClient

from runtime.api.bulk import BULK_LIST
from runtime.tables import BulkSend
from tests.integration.conftest import Org, import_template, new_org

ROWS = b"name,email,start_date\nAna One,ana@example.com,2027-01-05\n"


async def post_bulk(
    client: AsyncTestClient, org: Org, template_id: str, key: str | None = None, **form: str
) -> Any:
    headers = {**org.auth, **({"Idempotency-Key": key} if key else {})}
    return await client.post(
        "/api/v1/bulk-sends",
        headers=headers,
        files={"file": ("rows.csv", ROWS, "text/csv")},
        data={"template_id": template_id, **form},
    )


async def bulk_count(org: Org) -> int:
    return await BulkSend.count().where(BulkSend.organisation == org.id)


async def test_a_retried_bulk_send_starts_once(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    first = await post_bulk(client, org, template["id"], key="bulk-2026-11", message="Hi")
    assert first.status_code == 202, first.text
    assert "idempotent-replayed" not in first.headers
    again = await post_bulk(client, org, template["id"], key="bulk-2026-11", message="Hi")
    assert again.status_code == 202, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await bulk_count(org) == 1

    other = await post_bulk(client, org, template["id"], key="bulk-2026-11", message="Hello")
    assert other.status_code == 409, other.text
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["detail"] == (
        "This Idempotency-Key was used with another body in the last 24 hours: a key names "
        "one bulk send. Nothing was sent; use a new key for a new bulk send."
    )
    assert other.json()["errors"] == [
        {"parameter": "Idempotency-Key", "message": "was used with another body"}
    ]
    assert await bulk_count(org) == 1

    # a preview sends nothing and does not take the key; a new key is a new bulk send
    preview = await post_bulk(client, org, template["id"], key="bulk-2026-11", dry_run="true")
    assert preview.status_code == 200, preview.text
    new = await post_bulk(client, org, template["id"], key="bulk-2026-12", message="Hi")
    assert new.status_code == 202 and new.json()["id"] != first.json()["id"]
    assert await bulk_count(org) == 2


async def test_the_list_gives_the_own_bulk_sends_newest_first(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    older = (await post_bulk(client, org, template["id"])).json()
    newer = (await post_bulk(client, org, template["id"])).json()
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)  # apart, whatever the clock's grain
    await BulkSend.update({BulkSend.created_at: an_hour_ago}).where(BulkSend.id == older["id"])
    theirs = await new_org("Other")
    their_template = await import_template(client, theirs)
    assert (await post_bulk(client, theirs, their_template["id"])).status_code == 202

    listed = await client.get("/api/v1/bulk-sends", headers=org.auth)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert [item["id"] for item in page["items"]] == [newer["id"], older["id"]]
    assert (page["page"], page["per_page"], page["total"]) == (1, 20, 2)
    progress = (await client.get(f"/api/v1/bulk-sends/{older['id']}", headers=org.auth)).json()
    assert page["items"][1] == {
        **{k: v for k, v in progress.items() if k != "failures"},
        "failure_count": 0,
    }

    second = await client.get("/api/v1/bulk-sends?page=2&per_page=1", headers=org.auth)
    assert [item["id"] for item in second.json()["items"]] == [older["id"]]
    assert second.json()["total"] == 2

    wrong = await client.get("/api/v1/bulk-sends?page=two&per_page=0", headers=org.auth)
    assert wrong.status_code == 422, wrong.text
    assert wrong.json()["errors"] == [
        {"parameter": "page", "message": "must be a whole number"},
        {"parameter": "per_page", "message": "must be 1 to 100"},
    ]


async def test_the_header_and_the_list_are_declared(client: AsyncTestClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    post = paths["/api/v1/bulk-sends"]["post"]
    (header,) = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and not header.get("required")
    assert "Idempotency-Key" in post["responses"]["409"]["description"]
    listing = paths["/api/v1/bulk-sends"]["get"]
    per_page = [p for p in listing["parameters"] if p["name"] == "per_page"][0]
    assert per_page["schema"]["maximum"] == 100
    (example,) = listing["responses"]["200"]["content"]["application/json"]["examples"].values()
    assert set(example["value"]["items"][0]) == set(BULK_LIST["items"][0])


async def test_the_list_example_has_the_keys_of_an_answer(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    assert (await post_bulk(client, org, template["id"])).status_code == 202
    page = (await client.get("/api/v1/bulk-sends", headers=org.auth)).json()
    assert set(page) == set(BULK_LIST)
    assert set(page["items"][0]) == set(BULK_LIST["items"][0])


async def test_the_list_counts_failures_and_leaves_them_to_the_progress(
    client: AsyncTestClient, org: Org
) -> None:
    """A 10,000-row send may have thousands of failures: a page of 100 such sends listed
    every one of them. The list counts them; the bulk send's progress lists them."""
    template = await import_template(client, org)
    bulk = (await post_bulk(client, org, template["id"])).json()
    failures = [
        {"row": row, "column": "", "message": "The template was archived."}
        for row in range(2, 3002)
    ]
    await BulkSend.update({BulkSend.failures: failures, BulkSend.failed: 3000}).where(
        BulkSend.id == bulk["id"]
    )

    (item,) = (await client.get("/api/v1/bulk-sends", headers=org.auth)).json()["items"]
    assert "failures" not in item
    assert (item["failed"], item["failure_count"]) == (3000, 3000)
    progress = (await client.get(f"/api/v1/bulk-sends/{bulk['id']}", headers=org.auth)).json()
    assert progress["failures"] == failures
