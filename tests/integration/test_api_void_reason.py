"""`POST /api/v1/envelopes/{id}/void` needs a reason (docs/api.md), as the designer's Void
button does: a reason of spaces only voided the envelope and mailed everyone a Voided
notice with no reason in it, where the designer says "Enter a reason for voiding the
envelope.". Nothing is voided then; a reason is kept without the spaces around it."""

from litestar.testing import AsyncTestClient

from runtime.tables import AuditEvent
from tests.integration.conftest import Org, create_envelope, import_template


async def test_a_blank_reason_voids_nothing_and_a_reason_is_trimmed(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    path = f"/api/v1/envelopes/{envelope['id']}"
    refused = await client.post(f"{path}/void", json={"reason": "   "}, headers=org.auth)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["detail"] == "Enter a reason for voiding the envelope."
    assert refused.json()["errors"] == [
        {"path": "$.reason", "message": "Enter a reason for voiding the envelope."}
    ]
    assert (await client.get(path, headers=org.auth)).json()["status"] == "sent"
    voids = AuditEvent.count().where(
        (AuditEvent.envelope == envelope["id"]) & (AuditEvent.action == "envelope.voided")
    )
    assert await voids == 0
    voided = await client.post(
        f"{path}/void", json={"reason": "  Sent to the wrong person.\n"}, headers=org.auth
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["status"] == "voided"
    assert voided.json()["void_reason"] == "Sent to the wrong person."
