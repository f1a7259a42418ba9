"""An endpoint's events as the API shows them: each once, and `["*"]` when every event is
wanted. `["envelope.sent", "envelope.sent"]` was listed with the event twice, and
`["*", "envelope.sent"]` as both, though "*" already meant every event."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


async def test_events_are_listed_once_and_every_event_as_a_star(
    client: AsyncTestClient, org: Org
) -> None:
    sent = {
        ("envelope.sent", "envelope.sent", "envelope.voided"): ["envelope.sent", "envelope.voided"],
        ("*", "envelope.sent"): ["*"],
        (): ["*"],
    }
    for events, shown in sent.items():
        body = {"url": "https://crm.example.com/hook", "events": list(events)}
        made = await client.post("/api/v1/webhooks", json=body, headers=org.auth)
        assert made.status_code == 201, made.text
        assert made.json()["events"] == shown, events
        read = await client.get(f"/api/v1/webhooks/{made.json()['id']}", headers=org.auth)
        assert read.json()["events"] == shown, events
