"""Rate limits, counted in the database so every process shares one budget: per API key,
per address on failed signing-link and embed look-ups (guessing), per address on /verify
uploads. Each test comes from an address of its own and holds the clock inside one minute,
so the session's shared database and a turning minute cannot change the counts."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient
from litestar.types import Receive, Scope, Send

from runtime.app import create_app
from runtime.database import configure_database
from runtime.settings import Settings
from runtime.tables import RateLimitSlot
from runtime.web import limits
from tests.integration.conftest import (
    Org,
    app_client,
    create_envelope,
    import_template,
    path_of,
)

MINUTE_START = 31_666_667 * 60 + 20.0  # 20 s into a minute (in 2030): 40 s are left


@pytest.fixture
def frozen_minute(monkeypatch: pytest.MonkeyPatch) -> Iterator[float]:
    # a minute of its own for each test: the session's database keeps earlier counts
    start = MINUTE_START + 60 * (uuid.uuid4().int % 10_000_000)
    monkeypatch.setattr(limits, "now", lambda: start)
    yield start


@asynccontextmanager
async def client_from(settings: Settings, address: str) -> AsyncIterator[AsyncTestClient]:
    """One app instance, seen from `address` (as uvicorn reports the proxy's client)."""
    app = create_app(settings)

    async def from_address(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["client"] = (address, 40000)
        await app(scope, receive, send)

    async with AsyncTestClient(app=from_address, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        yield client


def _address() -> str:
    return f"198.51.100.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:6]}"


async def test_api_key_limit(settings: Settings, org: Org, frozen_minute: float) -> None:
    async with app_client(replace(settings, api_rate_limit_per_minute=3)) as client:
        codes = [
            (await client.get("/api/v1/templates", headers=org.auth)).status_code for _ in range(4)
        ]
        assert codes == [200, 200, 200, 429]
        limited = await client.get("/api/v1/templates", headers=org.auth)
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert limited.json()["status"] == 429
        assert limited.headers["retry-after"] == "40"  # the seconds left in this minute
        # another key has its own budget
        other = await client.get("/api/v1/templates", headers={"Authorization": "Bearer fs_other"})
        assert other.status_code == 401
    limits.now = lambda: frozen_minute + 60  # type: ignore[assignment]  # the next minute
    async with app_client(replace(settings, api_rate_limit_per_minute=3)) as client:
        assert (await client.get("/api/v1/templates", headers=org.auth)).status_code == 200


async def test_two_app_instances_share_one_budget(
    settings: Settings, org: Org, frozen_minute: float
) -> None:
    """Two instances on one database: 3 + 2 guesses from one address, with a budget of 4,
    leave the fifth refused, whichever instance gets it. (Counted per instance, as before,
    each would still allow 4.)"""
    limited = replace(settings, signer_rate_limit_per_minute=4)
    address = _address()
    async with client_from(limited, address) as one, client_from(limited, address) as two:
        first = [(await one.get(f"/s/guess{i:040d}/")).status_code for i in range(3)]
        second = [(await two.get(f"/s/guess{i:040d}/")).status_code for i in range(3, 5)]
        assert first == [404, 404, 404] and second == [404, 429]
        refused = await one.get("/s/guess-again/")
        assert refused.status_code == 429 and refused.headers["retry-after"] == "40"
        assert "too many attempts from your network" in refused.text
        # another address is not held back, nor are pages that need no link
        async with client_from(limited, _address()) as elsewhere:
            assert (await elsewhere.get("/s/guess-elsewhere/")).status_code == 404
        assert (await two.get("/verify")).status_code == 200


async def test_concurrent_hits_are_each_counted_once(
    settings: Settings, frozen_minute: float
) -> None:
    """Twenty hits at once (on PostgreSQL over separate connections): twenty, never fewer
    (a lost update) nor more, and exactly the hits past the budget are refused."""
    configure_database(settings)
    caller = "ip:" + _address()
    waits = await asyncio.gather(*(limits.hit("links", caller, 15) for _ in range(20)))
    assert sum(w is not None for w in waits) == 5
    rows = await RateLimitSlot.select(RateLimitSlot.hits).where(
        RateLimitSlot.slot.like(f"links|{caller}|%")
    )
    assert [r["hits"] for r in rows] == [20]


async def test_working_links_cost_nothing(
    settings: Settings, org: Org, frozen_minute: float
) -> None:
    """Only failures count: a signer on a working link never uses up the budget; failed
    embed sign-ins count like failed links."""
    async with client_from(replace(settings, signer_rate_limit_per_minute=1), _address()) as c:
        template = await import_template(c, org)
        link = path_of(
            (await create_envelope(c, org, template["id"]))["recipients"][0]["signing_url"]
        )
        opened = [await c.get(link, follow_redirects=True) for _ in range(3)]
        assert [r.status_code for r in opened] == [200, 200, 200]
        assert (await c.get("/embed/no-such-form")).status_code == 401  # no sign-in token
        limited = await c.get("/s/guess-one/")
        assert limited.status_code == 429
        assert "check that you copied all of it" not in limited.text  # wait, do not recheck
        # an embed over the budget says so inside the intranet page's frame, like its refusals
        over = await c.get("/embed/no-such-form", params={"origin": "https://intranet.example"})
        assert over.status_code == 429 and over.headers["retry-after"]
        assert "This form cannot be shown" in over.text and "too many attempts" in over.text
        assert "frame-ancestors https://intranet.example" in over.headers["content-security-policy"]
        assert (await c.get(link, follow_redirects=True)).status_code == 200


async def test_verify_uploads_are_limited_per_address(
    settings: Settings, frozen_minute: float
) -> None:
    async with client_from(replace(settings, signer_rate_limit_per_minute=2), _address()) as c:
        codes = [
            (await c.post("/verify", files={"file": ("x.pdf", b"%PDF-1.7 not really")})).status_code
            for _ in range(3)
        ]
        assert codes[:2] != [429, 429] and codes[2] == 429


async def test_old_minutes_are_purged(settings: Settings, frozen_minute: float) -> None:
    configure_database(settings)
    caller = "ip:" + _address()
    await limits.hit("links", caller, 10)
    limits.now = lambda: frozen_minute + 61  # type: ignore[assignment]
    await limits.hit("links", caller, 10)
    assert await limits.purge() >= 1
    left = await RateLimitSlot.select(RateLimitSlot.slot).where(
        RateLimitSlot.slot.like(f"links|{caller}|%")
    )
    assert len(left) == 1  # this minute's row stays
