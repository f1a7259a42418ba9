"""The dashboard: figures computed in SQL agree with the generated data, on both engines."""

import datetime as dt
import math
import re
import uuid

import pytest
from litestar.testing import AsyncTestClient

from runtime.archive.filters import parse_filter
from runtime.insight.service import dashboard, dashboard_filter
from tests.integration.designer.conftest import make_author, sign_in
from tests.perf.gen_archive import Generated, generate, insert_with_piccolo, prepare_organisation

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def nearest_rank(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)) - 1, 0)]


@pytest.fixture
async def generated(client: AsyncTestClient) -> tuple[uuid.UUID, list, Generated]:
    org, versions = await prepare_organisation(f"Insight {uuid.uuid4().hex[:6]}")
    data = generate(org, versions, 300, seed=3, now=NOW, weeks=10)
    await insert_with_piccolo(data)
    return org, versions, data


async def test_summary_percentiles_weeks_and_funnel_match_the_data(generated) -> None:
    org, versions, data = generated
    start = (NOW - dt.timedelta(weeks=6)).date()
    f = dashboard_filter(
        parse_filter({"from": start.isoformat(), "team": "sales.example.com"}), NOW.date()
    )
    figures = await dashboard(org, f)
    cohort = [
        e
        for e in data.envelopes
        if e["created_at"].date() >= start and e["sender_email"].endswith("@sales.example.com")
    ]
    summary = figures["summary"]
    assert summary["sent"] == len(cohort) > 20
    for status in ("completed", "declined", "expired", "voided"):
        assert summary[status] == sum(e["status"] == status for e in cohort)
    ids = {e["id"] for e in cohort}
    viewed = {r["envelope"] for r in data.recipients if r["viewed_at"] and r["envelope"] in ids}
    assert summary["viewed"] == len(viewed)
    done = [
        (e["completed_at"] - e["created_at"]).total_seconds() for e in cohort if e["completed_at"]
    ]
    assert summary["completion_rate"] == pytest.approx(len(done) / len(cohort))
    assert summary["median_seconds"] == pytest.approx(nearest_rank(done, 0.5), abs=0.01)
    assert summary["p90_seconds"] == pytest.approx(nearest_rank(done, 0.9), abs=0.01)

    weeks = figures["weeks"]
    assert all(dt.date.fromisoformat(w["week"]).weekday() == 0 for w in weeks)
    assert sum(w["sent"] for w in weeks) == len(cohort)
    for w in weeks:
        monday = dt.date.fromisoformat(w["week"])
        in_week = [e for e in cohort if monday <= e["created_at"].date() < monday + dt.timedelta(7)]
        assert w["sent"] == len(in_week), w["week"]

    [funnel] = figures["funnels"]
    signers = [r for r in data.recipients if r["envelope"] in ids]
    stages = {s["label"]: s["count"] for s in funnel["stages"]}
    assert stages["Invited"] == len(signers)
    assert stages["Opened the link"] == sum(bool(r["viewed_at"]) for r in signers)
    assert stages["Finished step 1"] == sum(r["current_step"] >= 1 for r in signers)
    assert stages["Signed"] == sum(r["status"] == "completed" for r in signers)


async def test_one_template_names_its_steps(generated) -> None:
    org, versions, data = generated
    from runtime.tables import TemplateVersion

    template_id = (
        await TemplateVersion.select(TemplateVersion.template)
        .where(TemplateVersion.id == versions[1][0])
        .first()
    )["template"]
    f = dashboard_filter(parse_filter({"template_id": str(template_id)}), NOW.date())
    figures = await dashboard(org, f)
    assert figures["summary"]["sent"] == sum(
        e["template_version"] == versions[1][0] for e in data.envelopes
    )
    labels = [s["label"] for s in figures["funnels"][0]["stages"]]
    assert labels[2].startswith("Finished step 1 — ") and labels[-1] == "Signed"


async def test_dashboard_page_draws_accessible_charts_with_tables(
    client: AsyncTestClient, generated
) -> None:
    org, _, data = generated
    author = await make_author(org)
    await sign_in(client, author)
    start = (NOW - dt.timedelta(weeks=9)).date().isoformat()
    page = await client.get(
        "/designer/insight", params={"from": start, "sender": "anna@hr.example.com"}
    )
    assert page.status_code == 200, page.text
    html = page.text
    assert html.count('role="img"') >= 3
    assert '<title id="outcomes-title">' in html and '<desc id="trend-desc">' in html
    expected = sum(
        e["created_at"].date().isoformat() >= start and e["sender_email"] == "anna@hr.example.com"
        for e in data.envelopes
    )
    sent = re.search(r"<dt>Sent</dt><dd>(\d+)</dd>", html)
    assert sent and int(sent.group(1)) == expected
    assert '<option value="anna@hr.example.com" selected>' in html  # the filter stays visible
    assert f'value="{start}"' in html
    assert '<th scope="row">Signed</th>' in html

    bad = await client.get("/designer/insight", params={"from": "yesterday"})
    assert bad.status_code == 400 and "must be a date" in bad.text
    too_long = await client.get("/designer/insight", params={"from": "2001-01-01"})
    assert too_long.status_code == 400 and "at most three years" in too_long.text
    stranger_org, _ = await prepare_organisation(f"Other {uuid.uuid4().hex[:6]}", templates=1)
    from runtime.tables import Template

    theirs = await Template.select(Template.id).where(Template.organisation == stranger_org)
    hidden = await client.get("/designer/insight", params={"template_id": str(theirs[0]["id"])})
    assert hidden.status_code == 404


async def test_an_empty_period_says_so(client: AsyncTestClient) -> None:
    author = await make_author()
    await sign_in(client, author)
    page = await client.get("/designer/insight")
    assert page.status_code == 200
    assert "No envelopes were sent in this period" in page.text
