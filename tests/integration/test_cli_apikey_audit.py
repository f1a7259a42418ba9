"""Keys made and revoked with `formseal apikey create|revoke` are in the organisation's audit
trail (actor: the command), as keys made on the designer's screen or through the API are;
before, a terminal could make an admin key without a trace. Two `formseal` processes per
engine (about 1-2 s each: rule 5 of docs/testing.md)."""

import uuid

import anyio
from litestar.testing import AsyncTestClient

from runtime.accounts.service import ensure_organisation
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.cli_helpers import run


async def test_keys_made_and_revoked_on_the_command_line_are_audited(
    client: AsyncTestClient, settings: Settings
) -> None:
    name = f"CLI audit {uuid.uuid4().hex[:8]}"
    org_id = await ensure_organisation(name)

    made = await anyio.to_thread.run_sync(
        lambda: run(settings, "apikey", "create", "--name", "crm", "--organisation", name)
    )
    assert made.returncode == 0, made.stderr
    prefix = made.stdout[:10]
    revoked = await anyio.to_thread.run_sync(lambda: run(settings, "apikey", "revoke", prefix))
    assert revoked.returncode == 0, revoked.stderr

    rows = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.actor, AuditEvent.data)
        .where(
            (AuditEvent.organisation == org_id) & AuditEvent.action.like("organisation.api_key%")
        )
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
    assert [(r["action"], r["actor"], r["data"]) for r in rows] == [
        (
            "organisation.api_key_created",
            "formseal apikey create",
            {"name": "crm", "prefix": prefix, "scopes": ["read", "send", "admin"]},
        ),
        (
            "organisation.api_key_revoked",
            "formseal apikey revoke",
            {"name": "crm", "prefix": prefix},
        ),
    ]
