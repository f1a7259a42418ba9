"""Resend: a fresh link replaces the old one, by the envelope page and by the API."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.conftest import (
    Mailbox,
    Org,
    fill_demo,
    run_jobs,
)
from tests.integration.designer.conftest import make_author, sign_in
from tests.integration.designer.sending_helpers import ANN, _setup


async def test_resend_replaces_the_link(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    author = await make_author()
    token = await sign_in(mail_client, author)
    org, _, envelope = await _setup(mail_client, author)
    await run_jobs(mail_settings)
    old = mailbox.link_for(ANN)
    assert (await mail_client.get(old, follow_redirects=True)).status_code == 200
    invitations = len(mailbox.to(ANN))

    page = await mail_client.get(f"/designer/envelopes/{envelope['id']}")
    recipient_id = envelope["recipients"][0]["id"]
    action = f"/designer/envelopes/{envelope['id']}/recipients/{recipient_id}/resend"
    assert f'action="{action}"' in page.text and "Resend link" in page.text
    resent = await mail_client.post(action, data={"_csrf_token": token})
    assert resent.status_code == 303
    page = await mail_client.get(resent.headers["location"])
    assert "A new link is on its way" in page.text and "New link sent" in page.text

    await run_jobs(mail_settings)
    assert len(mailbox.to(ANN)) == invitations + 1
    new = mailbox.link_for(ANN)
    assert new != old
    refused = await mail_client.get(old, follow_redirects=True)
    assert refused.status_code == 404 and "This signing link is not valid" in refused.text
    assert (await mail_client.get(new, follow_redirects=True)).status_code == 200
    event = (
        await AuditEvent.select(AuditEvent.actor, AuditEvent.data)
        .where(
            (AuditEvent.envelope == uuid.UUID(envelope["id"]))
            & (AuditEvent.action == "recipient.link_resent")
        )
        .output(load_json=True)
        .first()
    )
    assert event == {"actor": author.email, "data": {"recipient_id": recipient_id, "to": ANN}}
    trail = await mail_client.get(f"/api/v1/envelopes/{envelope['id']}/audit", headers=org.auth)
    assert trail.json()["chain"]["ok"] is True

    # a finished recipient gets no new link: a clear message, nothing mailed
    await fill_demo(mail_client, new, name="Ann Resend")
    finished = await mail_client.post(action, data={"_csrf_token": token})
    assert finished.status_code == 409 and "has already completed" in finished.text
    api = await mail_client.post(
        f"/api/v1/envelopes/{envelope['id']}/recipients/{recipient_id}/resend", headers=org.auth
    )
    assert api.status_code == 409
    assert api.headers["content-type"].startswith("application/problem+json")
    assert "no link to resend" in api.json()["detail"]


async def test_resend_through_the_api_and_closed_envelopes(
    client: AsyncTestClient, settings: Settings
) -> None:
    author = await make_author()
    org, _, envelope = await _setup(client, author)
    recipient_id = envelope["recipients"][0]["id"]
    url = f"/api/v1/envelopes/{envelope['id']}/recipients/{recipient_id}/resend"
    ok = await client.post(url, headers=org.auth)
    assert ok.status_code == 200 and ok.json() == {
        "recipient_id": recipient_id,
        "email": ANN,
        "resent": True,
    }
    unknown = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/recipients/{uuid.uuid4()}/resend", headers=org.auth
    )
    assert unknown.status_code == 404

    other = await make_author()
    other_org = Org(other.organisation_id, await create_api_key(other.organisation_id, "t"))
    assert (await client.post(url, headers=other_org.auth)).status_code == 404

    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": "wrong"}, headers=org.auth
    )
    assert voided.status_code == 200
    closed = await client.post(url, headers=org.auth)
    assert closed.status_code == 409 and "The envelope is voided" in closed.json()["detail"]
    token = await sign_in(client, author)
    page = await client.get(f"/designer/envelopes/{envelope['id']}")
    assert "Resend link" not in page.text
    screen = await client.post(
        f"/designer/envelopes/{envelope['id']}/recipients/{recipient_id}/resend",
        data={"_csrf_token": token},
    )
    assert screen.status_code == 409 and "links cannot be sent again" in screen.text
