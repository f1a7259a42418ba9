"""The embedding HS256 secret is shown once, as on the designer's screen: only the API answer
that creates or rotates it holds it; GET says whether one is set, when it was made and how
it ends, never the secret itself."""

import re
import uuid

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org

URL = "/api/v1/organisation/embedding"
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


async def test_the_secret_is_in_the_creating_and_rotating_answers_only(
    client: AsyncTestClient, org: Org
) -> None:
    settings = {
        "origins": ["https://intranet.example.com"],
        "issuer": f"https://idp/{uuid.uuid4()}",
    }
    created = await client.put(URL, headers=org.auth, json=settings)
    assert created.status_code == 200, created.text
    secret = created.json()["secret"]
    assert re.fullmatch(r"[0-9a-f]{64}", secret)

    shown = await client.get(URL, headers=org.auth)
    assert shown.status_code == 200
    body = shown.json()
    assert "secret" not in body and secret not in shown.text
    assert body["secret_set"] is True and body["secret_ends_with"] == secret[-4:]
    assert re.fullmatch(ISO, body["secret_created_at"]), body

    # a later PUT in the same mode keeps the secret and does not hand it out again
    kept = await client.put(URL, headers=org.auth, json={**settings, "max_age_seconds": 600})
    assert kept.status_code == 200 and kept.json()["secret"] is None
    assert secret not in kept.text and kept.json()["secret_ends_with"] == secret[-4:]

    rotated = await client.put(URL, headers=org.auth, json={**settings, "rotate_secret": True})
    new = rotated.json()["secret"]
    assert re.fullmatch(r"[0-9a-f]{64}", new) and new != secret
    after = (await client.get(URL, headers=org.auth)).json()
    assert after["secret_ends_with"] == new[-4:] and "secret" not in after
    assert after["secret_created_at"] >= body["secret_created_at"]


async def test_without_a_shared_secret_nothing_is_set(client: AsyncTestClient, org: Org) -> None:
    body = (await client.get(URL, headers=org.auth)).json()
    assert body["secret_set"] is False
    assert body["secret_ends_with"] is None and body["secret_created_at"] is None
    assert (await client.delete(URL, headers=org.auth)).status_code == 204
    assert (await client.get(URL, headers=org.auth)).json()["secret_set"] is False
