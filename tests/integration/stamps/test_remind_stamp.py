"""Remind now while only the organisation's company stamp is awaited: the organisation's role
has no address, so there is nobody to mail. The envelope page offers no Remind now, and the
API says why instead of answering "reminded: 1" for a mail that went nowhere."""

import uuid

import pytest
from litestar.testing import AsyncTestClient

from runtime import audit
from runtime.settings import Settings
from tests.integration.conftest import fill_demo, run_jobs
from tests.integration.conftest import path_of as link_path
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import by_hand_envelope


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_nobody_is_reminded_while_only_the_company_stamp_is_awaited(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org, envelope = await by_hand_envelope(client, author, settings)
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, link_path(customer["signing_url"]))
    await run_jobs(settings)  # auto-sign may not use this stamp: the envelope waits for it

    await sign_in(client, author)
    page = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert "Waiting for the company stamp" in page
    assert "Remind now" not in page  # the stamp is applied, not mailed

    answer = await client.post(f"/api/v1/envelopes/{envelope['id']}/remind", headers=org.auth)
    assert answer.status_code == 409, answer.text
    assert "waiting for the organisation's company stamp, not for a person" in answer.text
    events = await audit.events(org.id, uuid.UUID(envelope["id"]))
    assert not [e for e in events if e["action"] == "envelope.reminded"]
