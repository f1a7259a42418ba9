"""Settings → API keys: an administrator creates a key (shown once), sees when each key was
last used, and revokes one, after which the API refuses it at once with a 401 problem."""

import re
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.accounts.service import ensure_organisation
from runtime.tables import ApiKey, AuditEvent
from tests.integration.designer.conftest import PASSWORD, Author, sign_in

SCREEN = "/designer/settings/api-keys"


async def test_admin_creates_sees_last_use_of_and_revokes_a_key(client: AsyncTestClient) -> None:
    org = await ensure_organisation(f"Keys org {uuid.uuid4().hex[:8]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:8]}@example.com", PASSWORD, org)
    await create_user(org, admin.email, PASSWORD, role="admin")
    token = await sign_in(client, admin)
    empty = await client.get(SCREEN)
    assert empty.status_code == 200 and "No key works at the moment" in empty.text
    assert 'href="/designer/settings/api-keys"' in (await client.get("/designer/settings/")).text

    # Errors beside their inputs; nothing is made.
    refused = await client.post(SCREEN, data={"_csrf_token": token, "name": " "})
    assert refused.status_code == 422 and "There is a problem" in refused.text
    assert 'id="key-name-error"' in refused.text and 'id="key-scopes-error"' in refused.text
    odd = await client.post(SCREEN, data={"_csrf_token": token, "name": "x", "scopes": "wirte"})
    assert "Unknown scope(s): wirte. The scopes are read, send, admin." in odd.text
    assert await ApiKey.count().where(ApiKey.organisation == org) == 0
    assert (await client.post(SCREEN, data={"name": "CRM", "scopes": "read"})).status_code == 403

    made = await client.post(
        SCREEN, data={"_csrf_token": token, "name": "CRM", "scopes": ["read", "send"]}
    )
    assert made.status_code == 200 and "Copy the key “CRM” now" in made.text
    assert made.headers["cache-control"] == "no-store"
    key = re.search(r'id="new-key">(fs_[^<]+)<', made.text).group(1)
    listing = (await client.get(SCREEN)).text
    assert key not in listing and f"{key[:10]}…" in listing and "read, send" in listing
    assert "Never" in listing

    bearer = {"Authorization": f"Bearer {key}"}
    assert (await client.get("/api/v1/templates", headers=bearer)).status_code == 200
    assert "Never" not in (await client.get(SCREEN)).text  # last used: just now

    row = await ApiKey.objects().where(ApiKey.organisation == org).first()
    revoked = await client.post(f"{SCREEN}/{row.id}/revoke", data={"_csrf_token": token})
    assert revoked.status_code == 303
    after = (await client.get(revoked.headers["location"])).text
    assert "The key “CRM” (" in after and "was revoked: it no longer works" in after
    assert "Revoked keys" in after and "No key works at the moment" in after
    gone = await client.get("/api/v1/templates", headers=bearer)
    assert gone.status_code == 401
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert gone.json()["detail"] == "The API key is not valid or has been revoked."
    assert gone.headers["www-authenticate"] == 'Bearer realm="formseal", error="invalid_token"'

    # Another organisation's key id is not found, and stays as it was.
    other = await ensure_organisation(f"Other keys {uuid.uuid4().hex[:8]}")
    theirs = ApiKey(organisation=other, name="x", prefix="fs_x", key_hash=uuid.uuid4().hex)
    await theirs.save()
    far = await client.post(f"{SCREEN}/{theirs.id}/revoke", data={"_csrf_token": token})
    assert far.status_code == 404
    assert (await ApiKey.objects().where(ApiKey.id == theirs.id).first()).revoked_at is None

    actions = [
        (a["action"], a["data"]["name"])
        for a in await AuditEvent.select(AuditEvent.action, AuditEvent.data)
        .where((AuditEvent.organisation == org) & AuditEvent.action.like("organisation.api_key%"))
        .output(load_json=True)
    ]
    assert actions == [
        ("organisation.api_key_created", "CRM"),
        ("organisation.api_key_revoked", "CRM"),
    ]
