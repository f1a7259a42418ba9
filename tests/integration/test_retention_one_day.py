"""The 409 of `PUT …/retention` for a period that deletes at once says "A period of 1 day",
the typo it exists for (1 for 180); it said "A period of 1 days"."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, import_template


async def test_one_day_is_said_in_the_singular(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": "test"}, headers=org.auth
    )
    assert voided.status_code == 200, voided.text
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    await Envelope.update({Envelope.created_at: past}).where(
        Envelope.id == uuid.UUID(envelope["id"])
    )
    url = f"/api/v1/templates/{template['id']}/retention"
    refused = await client.put(url, json={"days": 1}, headers=org.auth)
    assert refused.status_code == 409, refused.text
    assert refused.json()["detail"].startswith(
        "A period of 1 day would delete 1 finished envelope of this template within the hour "
    )
    two = await client.put(url, json={"days": 2}, headers=org.auth)
    assert two.json()["detail"].startswith("A period of 2 days would delete 1 finished envelope")
