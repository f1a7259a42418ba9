"""A column choice saved while the same bulk send is being confirmed (two tabs, a double
click) overwrote the confirmed send's options (message, expiry, sender) with the preview's:
the envelopes went out without the sender's note. Now the choice is refused (409, the
designer shows the bulk send's progress) and the confirmation keeps its options."""

import pytest
from litestar.testing import AsyncTestClient

from runtime.bulk import staging
from runtime.errors import Conflict
from runtime.tables import BulkSend
from tests.integration.conftest import Org, import_template

ROWS = b"name,email\nAna One,ana@example.com\n"


async def test_a_column_choice_during_confirmation_changes_nothing(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = await import_template(client, org)
    bulk_id = await staging.stage(org.id, template["id"], ROWS, {"message": "Welcome"})
    confirmed = {"message": "Welcome", "expires_in_days": 14, "sender_email": "a@hr.example"}
    read_definition = staging._definition

    async def confirmed_meanwhile(organisation_id, template_id):  # type: ignore[no-untyped-def]
        await BulkSend.update({BulkSend.status: "queued", BulkSend.options: confirmed}).where(
            BulkSend.id == bulk_id
        )
        return await read_definition(organisation_id, template_id)

    monkeypatch.setattr(staging, "_definition", confirmed_meanwhile)
    with pytest.raises(Conflict):
        await staging.choose_mapping(org.id, bulk_id, {"name": "name", "email": "email"})
    row = (
        await BulkSend.select(BulkSend.options)
        .where(BulkSend.id == bulk_id)
        .output(load_json=True)
        .first()
    )
    assert row is not None and row["options"] == confirmed
