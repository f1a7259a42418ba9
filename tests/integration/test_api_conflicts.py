"""Two requests that change one secret at the same moment: one wins, the other is a 409.

Before, both answered 200 with a secret and the one written last was kept: the other
caller held a webhook or embedding secret that signed nothing (its receiver refused every
delivery, its intranet's tokens were refused), with no word. Each test makes the other
request happen between the read and the write (patching the service's `transaction`)."""

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from litestar.testing import AsyncTestClient

from runtime.database import transaction
from runtime.tables import Organisation, WebhookEndpoint
from tests.integration.conftest import Org

PROBLEM = "application/problem+json"


def meanwhile(
    monkeypatch: pytest.MonkeyPatch, module: str, other: Callable[[], Awaitable[None]]
) -> None:
    """Run `other` (the second request's write) once, just before the first one writes."""
    done: list[bool] = []

    @contextlib.asynccontextmanager
    async def interleaved() -> AsyncIterator[None]:
        if not done:
            done.append(True)
            await other()
        async with transaction():
            yield

    monkeypatch.setattr(f"{module}.transaction", interleaved)


async def test_a_webhook_secret_rotated_twice_at_once_is_a_409_for_one(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await client.post(
        "/api/v1/webhooks", headers=org.auth, json={"url": "https://crm.example.com/hook"}
    )
    endpoint = made.json()["id"]

    async def other_rotation() -> None:
        await WebhookEndpoint.update({WebhookEndpoint.secret: "whsec_other"}).where(
            WebhookEndpoint.id == endpoint
        )

    meanwhile(monkeypatch, "runtime.webhooks.service", other_rotation)
    url = f"/api/v1/webhooks/{endpoint}/rotate-secret"
    lost = await client.post(url, headers=org.auth)
    assert lost.status_code == 409, lost.text
    assert lost.headers["content-type"] == PROBLEM
    assert lost.json()["detail"].startswith(
        "Another request rotated this endpoint's secret at the same moment"
    )
    row = await WebhookEndpoint.select(WebhookEndpoint.secret).where(WebhookEndpoint.id == endpoint)
    assert row[0]["secret"] == "whsec_other"  # the winner's secret, not overwritten
    again = await client.post(url, headers=org.auth)
    assert again.status_code == 200 and again.json()["secret"].startswith("whsec_")

    async def removal() -> None:  # what DELETE /api/v1/webhooks/{id} writes
        await WebhookEndpoint.update({WebhookEndpoint.active: False}).where(
            WebhookEndpoint.id == endpoint
        )

    meanwhile(monkeypatch, "runtime.webhooks.service", removal)
    removed = await client.post(url, headers=org.auth)
    assert removed.status_code == 409
    assert removed.json()["detail"].startswith("The endpoint was removed.")


async def test_an_embedding_secret_rotated_twice_at_once_is_a_409_for_one(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {"origins": ["https://intranet.example.com"], "issuer": "https://idp.example"}
    first = await client.put("/api/v1/organisation/embedding", headers=org.auth, json=settings)
    assert first.status_code == 200 and first.json()["secret"]

    async def other_rotation() -> None:
        await Organisation.update({Organisation.embed_secret: "f" * 64}).where(
            Organisation.id == org.id
        )

    meanwhile(monkeypatch, "runtime.embed.setup", other_rotation)
    rotate = {**settings, "rotate_secret": True}
    lost = await client.put("/api/v1/organisation/embedding", headers=org.auth, json=rotate)
    assert lost.status_code == 409, lost.text
    assert lost.headers["content-type"] == PROBLEM
    assert "nothing was saved" in lost.json()["detail"]
    shown = await client.get("/api/v1/organisation/embedding", headers=org.auth)
    assert shown.json()["secret_ends_with"] == "ffff"  # the other request's, kept
    again = await client.put("/api/v1/organisation/embedding", headers=org.auth, json=rotate)
    assert again.status_code == 200 and again.json()["secret"][-4:] != "ffff"


async def test_the_409s_are_declared(client: AsyncTestClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path, method in (
        ("/api/v1/organisation/embedding", "put"),
        ("/api/v1/webhooks/{endpoint_id}/rotate-secret", "post"),
    ):
        answer = paths[path][method]["responses"]["409"]
        assert PROBLEM in answer["content"], path
        assert "same moment" in answer["description"], path
