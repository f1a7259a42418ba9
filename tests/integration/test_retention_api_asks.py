"""`PUT …/retention` asks before a period that deletes at once, as the retention screen does:
`{"days": 1}` typed for 180 put every finished envelope past it, and the next hourly purge
deleted their sealed PDFs without a question."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Envelope, Template
from tests.integration.conftest import Org, create_envelope, import_template


async def _voided_days_ago(client: AsyncTestClient, org: Org, template_id: str, days: int) -> str:
    envelope = await create_envelope(client, org, template_id)
    await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": "test"}, headers=org.auth
    )
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    await Envelope.update({Envelope.created_at: past}).where(
        Envelope.id == uuid.UUID(envelope["id"])
    )
    return str(envelope["id"])


async def test_a_period_that_deletes_at_once_is_a_409_until_confirmed(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    url = f"/api/v1/templates/{template['id']}/retention"
    await _voided_days_ago(client, org, template["id"], 10)
    await _voided_days_ago(client, org, template["id"], 40)

    # nothing finished is 400 days old: saved at once
    kept = await client.put(url, json={"days": 400}, headers=org.auth)
    assert kept.status_code == 200 and kept.json()["due_now"] == 0

    refused = await client.put(url, json={"days": 5}, headers=org.auth)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["would_delete"] == 2 and problem["days"] == 5
    assert "would delete 2 finished envelopes" in problem["detail"]
    assert '"confirm_immediate_deletion": true' in problem["detail"]
    stored = await Template.select(Template.retention_days).where(
        Template.id == uuid.UUID(template["id"])
    )
    assert stored[0]["retention_days"] == 400  # nothing saved

    one = await client.put(url, json={"days": 30}, headers=org.auth)
    assert one.status_code == 409 and "would delete 1 finished envelope of" in one.json()["detail"]

    meant = {"days": 30, "confirm_immediate_deletion": True}
    saved = await client.put(url, json=meant, headers=org.auth)
    assert saved.status_code == 200 and saved.json() == {
        "template_id": template["id"],
        "retention_days": 30,
        "due_now": 1,
    }
    # no more than is due already: no question (a longer period, the same, or none)
    for days in (30, 35, None):
        again = await client.put(url, json={"days": days}, headers=org.auth)
        assert again.status_code == 200, (days, again.text)
