"""An organisation sets its own consent wording through the API; signers see exactly that."""

import hashlib
import uuid

from litestar.testing import AsyncTestClient

from runtime.tables import AuditEvent
from tests.integration.conftest import Org, create_envelope, import_template, path_of

WORDING = "We keep this agreement electronically.\r\n\r\n  You may ask us for paper at any time.  "


async def test_consent_wording_is_configurable(client: AsyncTestClient, org: Org) -> None:
    assert (await client.get("/api/v1/organisation/consent", headers=org.auth)).json()[
        "custom"
    ] is False
    saved = await client.put(
        "/api/v1/organisation/consent", headers=org.auth, json={"text": WORDING}
    )
    assert saved.status_code == 200
    text = saved.json()["text"]
    assert text == "We keep this agreement electronically.\n\nYou may ask us for paper at any time."
    changed = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.organisation == org.id) & (AuditEvent.action == "organisation.consent_text")
        )
        .output(load_json=True)
        .first()
    )
    assert changed["data"]["sha256"] == hashlib.sha256(text.encode()).hexdigest()

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    page = await client.get(f"{link}/consent")
    assert "You may ask us for paper at any time." in page.text
    assert "instead of on paper" not in page.text  # the default wording is gone
    await client.post(f"{link}/consent", data={"consent": "yes"})
    given = (
        await AuditEvent.select(AuditEvent.data)
        .where(
            (AuditEvent.envelope == uuid.UUID(envelope["id"])) & AuditEvent.action.like("%consent%")
        )
        .output(load_json=True)
        .first()
    )
    assert hashlib.sha256(text.encode()).hexdigest() in str(given["data"])

    too_long = await client.put(
        "/api/v1/organisation/consent", headers=org.auth, json={"text": "x" * 10_001}
    )
    assert too_long.status_code == 422
    reset = await client.put("/api/v1/organisation/consent", headers=org.auth, json={"text": "  "})
    assert reset.json() == {"text": "", "custom": False}
