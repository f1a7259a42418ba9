"""Archive search through the API: full text over names, emails, templates and answers, filters."""

import datetime as dt
import uuid

import pytest
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.perf.gen_archive import generate, insert_with_piccolo, prepare_organisation


async def search(client: AsyncTestClient, org: Org, **params: str) -> dict:
    response = await client.get("/api/v1/envelopes/search", params=params, headers=org.auth)
    assert response.status_code == 200, response.text
    return response.json()


async def test_finds_envelopes_by_signer_email_template_answer_and_tag(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    signed = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[{"role": "customer", "name": "Đặng Thu Hà", "email": "ha.dang@corp.test"}],
        prefill={"email": "ha.dang@corp.test"},
        tags=["HR", "2026-q3"],
    )
    other = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(signed["recipients"][0]["signing_url"]), name="Đặng Thu Hà")
    await run_jobs(settings)

    by_name = await search(client, org, q="dang")  # accents folded: Đặng
    assert [i["id"] for i in by_name["items"]] == [signed["id"]]
    assert by_name["items"][0]["tags"] == ["hr", "2026-q3"]
    assert by_name["items"][0]["status"] == "completed"
    assert by_name["items"][0]["recipients"][0]["email"] == "ha.dang@corp.test"
    by_email = await search(client, org, q="ha.dang@corp")
    assert [i["id"] for i in by_email["items"]] == [signed["id"]]
    by_answer = await search(client, org, q="2027-03")  # the start date answered in the wizard
    assert [i["id"] for i in by_answer["items"]] == [signed["id"]]
    by_template = await search(client, org, q="service agreement")
    assert {i["id"] for i in by_template["items"]} == {signed["id"], other["id"]}
    by_tag = await search(client, org, tag="hr")
    assert [i["id"] for i in by_tag["items"]] == [signed["id"]]
    nothing = await search(client, org, q="dang zzzz")
    assert nothing["total"] == 0 and nothing["items"] == []

    envelope = await client.get(f"/api/v1/envelopes/{signed['id']}", headers=org.auth)
    assert envelope.json()["tags"] == ["hr", "2026-q3"]


async def test_filters_agree_with_the_generated_data(
    client: AsyncTestClient, settings: Settings
) -> None:
    now = dt.datetime.now(dt.UTC)
    org_id, versions = await prepare_organisation(f"Search {uuid.uuid4().hex[:6]}")
    org = Org(org_id, await create_api_key(org_id, "tests"))
    data = generate(org_id, versions, 240, seed=11, now=now)
    await insert_with_piccolo(data)
    tags = {}
    for t in data.tags:
        tags.setdefault(t["envelope"], set()).add(t["tag"])

    everything = await search(client, org, per_page="100")
    assert everything["total"] == 240
    created = [dt.datetime.fromisoformat(i["created_at"]) for i in everything["items"]]
    assert created == sorted(created, reverse=True)

    completed = await search(client, org, status="completed")
    assert completed["total"] == sum(e["status"] == "completed" for e in data.envelopes)

    nda = [v for v, name in versions if name == "Supplier NDA"][0]
    template_id = (await client.get("/api/v1/templates", headers=org.auth)).json()
    nda_template = next(t for t in template_id["items"] if t["name"] == "Supplier NDA")
    by_template = await search(client, org, template_id=nda_template["id"], tag="legal")
    assert by_template["total"] == sum(
        e["template_version"] == nda and "legal" in tags.get(e["id"], set()) for e in data.envelopes
    )

    start = (now - dt.timedelta(days=21)).date()
    recent = await search(client, org, **{"from": start.isoformat(), "to": now.date().isoformat()})
    assert recent["total"] == sum(e["created_at"].date() >= start for e in data.envelopes)

    # A team that has sent to Acme in this data (the organisation's id seeds the data, so a
    # fixed team could have none and make the test fail one run in fifty).
    domain = next(
        e["sender_email"].split("@")[1] for e in data.envelopes if " acme " in e["search_document"]
    )
    team = await search(client, org, team=domain, q="acme")
    expected = sum(
        e["sender_email"].endswith(f"@{domain}") and " acme " in e["search_document"]
        for e in data.envelopes
    )
    assert team["total"] == expected > 0


async def test_other_organisations_and_bad_filters(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    mine = await create_envelope(client, org, template["id"])
    stranger_id, _ = await prepare_organisation(f"Stranger {uuid.uuid4().hex[:6]}", templates=1)
    stranger = Org(stranger_id, await create_api_key(stranger_id, "tests"))

    assert (await search(client, stranger, q="alex"))["total"] == 0
    put = await client.put(
        f"/api/v1/envelopes/{mine['id']}/tags", json={"tags": ["x"]}, headers=stranger.auth
    )
    assert put.status_code == 404

    ok = await client.put(
        f"/api/v1/envelopes/{mine['id']}/tags",
        json={"tags": ["Renewal ", "renewal"]},
        headers=org.auth,
    )
    assert ok.status_code == 200 and ok.json()["tags"] == ["renewal"]
    assert (await search(client, org, q="renewal"))["total"] == 1

    for params, word in (
        ({"status": "lost"}, "status"),
        ({"from": "31/01/2026"}, "from"),
        ({"template_id": "nope"}, "template_id"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "before"),
        ({"page": "1000"}, "first 10,000 matches"),
    ):
        bad = await client.get("/api/v1/envelopes/search", params=params, headers=org.auth)
        assert bad.status_code == 422, params
        assert bad.headers["content-type"].startswith("application/problem+json")
        assert word in bad.json()["detail"]
    bad_tag = await client.put(
        f"/api/v1/envelopes/{mine['id']}/tags", json={"tags": ["<b>"]}, headers=org.auth
    )
    assert bad_tag.status_code == 422 and "not valid" in bad_tag.json()["detail"]


@pytest.mark.parametrize("tags", [["=cmd"], ["a" * 41]])
async def test_tags_on_create_are_checked(client: AsyncTestClient, org: Org, tags: list) -> None:
    template = await import_template(client, org)
    response = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "A", "email": "a@example.com"}],
            "tags": tags,
        },
        headers=org.auth,
    )
    assert response.status_code in (400, 422), response.text
