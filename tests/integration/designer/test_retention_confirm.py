"""Retention periods: a period that puts finished envelopes past it at once is asked about
before it is saved (which template, how many envelopes, that their sealed PDFs and personal
data go within the hour and cannot be brought back). A typo — 1 day for 180 — deleted
them at the next hourly purge with only a notice after the fact."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Template
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import make_author, sign_in
from tests.perf.gen_archive import generate, insert_with_piccolo, prepare_organisation


async def _organisation_with_old_envelopes(client: AsyncTestClient) -> tuple[str, int]:
    org_id, versions = await prepare_organisation(f"Keep {uuid.uuid4().hex[:6]}", templates=1)
    data = generate(org_id, versions[:1], 30, seed=4)
    await insert_with_piccolo(data)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    past = sum(
        (e["status"] == "completed" and e["completed_at"] < cutoff)
        or (e["status"] in ("declined", "expired", "voided") and e["created_at"] < cutoff)
        for e in data.envelopes
    )
    assert past > 1
    await sign_in(client, await make_author(org_id))
    template = await Template.select(Template.id).where(Template.organisation == org_id).first()
    return str(template["id"]), past


async def test_a_period_that_deletes_at_once_is_asked_about_first(
    client: AsyncTestClient,
) -> None:
    template_id, past = await _organisation_with_old_envelopes(client)
    page = await client.get("/designer/archive/retention")
    form = {"_csrf_token": csrf_from(page.text), f"days.{template_id}": "1"}
    asked = await client.post("/designer/archive/retention", data=form)
    assert asked.status_code == 200
    assert "Check before saving: this deletes envelopes" in asked.text
    assert f"1 day: {past} finished envelopes are already past it." in asked.text
    assert "cannot be brought back. Nothing is saved yet." in asked.text
    assert 'value="1"' in asked.text  # what was typed stays in its box
    assert "Save and delete them" in asked.text and "Save retention periods" not in asked.text
    row = await Template.select(Template.retention_days).where(Template.id == template_id)
    assert row[0]["retention_days"] is None  # nothing saved yet

    # a period changed on the question is asked about again, not saved unseen
    changed = {**form, "_csrf_token": csrf_from(asked.text), f"days.{template_id}": "2"}
    again = await client.post(
        "/designer/archive/retention", data={**changed, f"confirmed.{template_id}": "1"}
    )
    assert again.status_code == 200 and "2 days: " in again.text
    row = await Template.select(Template.retention_days).where(Template.id == template_id)
    assert row[0]["retention_days"] is None

    confirmed = await client.post(
        "/designer/archive/retention",
        data={**form, "_csrf_token": csrf_from(asked.text), f"confirmed.{template_id}": "1"},
    )
    assert confirmed.status_code == 303
    row = await Template.select(Template.retention_days).where(Template.id == template_id)
    assert row[0]["retention_days"] == 1


async def test_a_period_that_deletes_nothing_is_saved_at_once(client: AsyncTestClient) -> None:
    template_id, _ = await _organisation_with_old_envelopes(client)
    page = await client.get("/designer/archive/retention")
    saved = await client.post(
        "/designer/archive/retention",
        data={"_csrf_token": csrf_from(page.text), f"days.{template_id}": "36500"},
    )
    assert saved.status_code == 303
