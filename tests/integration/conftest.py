"""HTTP through the real app and a real database (SQLite and PostgreSQL)."""

import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.engine.base import Engine

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.app import create_app
from runtime.database import use_engine
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from tests.integration.webhook_receiver import Receiver

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The app over in-process HTTP. The test client runs the app on its own event loop while
    tests also query the database directly, so PostgreSQL runs without a pool here."""
    app = create_app(settings)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as c:
        c.follow_redirects = False  # assert redirects (303 after POST) explicitly
        yield c


_apps: dict[Settings, tuple[Litestar, Engine]] = {}


def shared_app(settings: Settings) -> Litestar:
    """One app per distinct `settings` for the whole session. `create_app` registers ~360
    routes (0.3-0.5 s) and a new app compiles every page template again: paid per test that
    was a fifth of the integration suite. Each test still gets its own client (no cookies
    carried over), runs the app's lifespan and starts with an empty job queue. Tests that
    need an app of their own (a theme folder they write to, a pool) use `app_client`."""
    if settings not in _apps:
        from runtime.tables import Envelope

        app = create_app(settings)
        _apps[settings] = (app, Envelope._meta.db)
    app, engine = _apps[settings]
    use_engine(engine)  # another test may have pointed the tables at another database
    return app


@asynccontextmanager
async def shared_app_client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=shared_app(settings), base_url="http://testserver.local") as c:
        c.follow_redirects = False
        yield c


async def cancel_jobs_of_earlier_tests() -> None:
    """Tests share one database per engine and many leave jobs queued (seals, mails,
    webhooks); `run_jobs` would run them all. A seal takes about a second, so one test
    once spent 50 s sealing other tests' envelopes: each test starts with an empty queue."""
    from runtime.tables import Job

    await Job.update({Job.status: "cancelled"}).where(Job.status == "queued")


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with shared_app_client(settings) as c:
        await cancel_jobs_of_earlier_tests()
        yield c


@dataclass
class Org:
    id: uuid.UUID
    key: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def new_org(name: str = "Test org") -> Org:
    """An organisation of its own (`name` and a random suffix) and an admin API key for it."""
    org_id = await ensure_organisation(f"{name} {uuid.uuid4().hex[:8]}")
    return Org(org_id, await create_api_key(org_id, "tests"))


@pytest.fixture
async def org(client: AsyncTestClient) -> Org:
    return await new_org()


def demo_definition() -> dict[str, Any]:
    return json.loads(DEMO.read_text())


async def import_template(
    client: AsyncTestClient, org: Org, definition: dict | None = None
) -> dict:
    response = await client.post(
        "/api/v1/templates",
        content=json.dumps(definition or demo_definition()),
        headers={**org.auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def create_envelope(
    client: AsyncTestClient, org: Org, template_id: str, **extra: Any
) -> dict:
    body = {
        "template_id": template_id,
        "recipients": [{"role": "customer", "name": "Alex Example", "email": "alex@example.com"}],
        "prefill": {"email": "alex@example.com"},
        **extra,
    }
    response = await client.post("/api/v1/envelopes", json=body, headers=org.auth)
    assert response.status_code == 201, response.text
    return response.json()


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def csrf_from(html: str) -> str:
    """The page's CSRF token; signer pages (/s/…) have none: their token is in the URL."""
    match = CSRF.search(html)
    return match.group(1) if match else ""


def value_of(html: str, name: str) -> str | None:
    """The value of the input called `name` on a page (its attributes may span lines),
    None where there is no such input with a value."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


async def give_consent(client: AsyncTestClient, link: str) -> None:
    """Agree to electronic records and signatures (asked before the first step)."""
    answer = await client.post(f"{link}/consent", data={"consent": "yes"})
    assert answer.status_code == 303, answer.text


async def open_link(client: AsyncTestClient, link: str):
    """Open a signing link like a browser, agreeing to electronic records when asked."""
    page = await client.get(link, follow_redirects=True)
    if page.status_code == 200 and str(page.url).endswith("/consent"):
        await give_consent(client, link)
        page = await client.get(link, follow_redirects=True)
    return page


#: the last step of the one-customer forms of the signer tests
SIGN_STEP: dict[str, Any] = {
    "key": "sign",
    "title": "Sign",
    "role": "customer",
    "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
}


async def sent_envelope(
    client: AsyncTestClient,
    org: Org,
    definition: dict[str, Any],
    recipient: dict[str, str] | None = None,
) -> tuple[str, dict]:
    """`definition` imported and sent with no prefill to one recipient (the demo's customer,
    or `recipient`): the signing link's path, not opened yet, and the envelope."""
    template = await import_template(client, org, definition)
    extra = {"recipients": [recipient]} if recipient else {}
    envelope = await create_envelope(client, org, template["id"], prefill={}, **extra)
    return path_of(envelope["recipients"][0]["signing_url"]), envelope


async def opened_envelope(client: AsyncTestClient, org: Org, definition: dict[str, Any]) -> str:
    """`definition` imported and sent to one customer with no prefill, its link opened past
    the consent page: the signing link's path, at the first step."""
    link, _ = await sent_envelope(client, org, definition)
    await open_link(client, link)
    return link


async def fill_demo(client: AsyncTestClient, link: str, *, name: str = "Alex Example") -> None:
    """Walk the demo wizard like a browser without JavaScript (typed signature)."""
    page = await open_link(client, link)
    assert page.status_code == 200
    token = csrf_from(page.text)
    step1 = await client.post(
        f"{link}/step/1",
        data={
            "_csrf_token": token,
            "full_name": name,
            "email": "alex@example.com",
            "start_date": "2027-03-01",
        },
    )
    assert step1.status_code == 303, step1.text
    step2 = await client.post(
        f"{link}/step/2",
        data={"_csrf_token": token, "accept_terms": "yes", "signature__typed": name},
    )
    assert step2.status_code == 303, step2.text
    done = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text


async def run_jobs(settings: Settings) -> int:
    return await Worker(settings).run_until_idle()


class Mailbox:
    """A real SMTP server (aiosmtpd) on a free loopback port; collects what it receives."""

    def __init__(self) -> None:
        import email
        import email.policy

        self.messages: list[email.message.EmailMessage] = []
        self._email = email
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
                mailbox.messages.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
                return "250 OK"

        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> int:
        self.controller.start()
        return self.port

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_for(self, address: str) -> str:
        """The signing link (path only) from the latest invitation or reminder to `address`."""
        for message in reversed(self.to(address)):
            match = re.search(r"https?://\S+(/s/[A-Za-z0-9_\-]+)", self.text(message))
            if match:
                return match.group(1)
        raise AssertionError(f"no signing link mailed to {address}")


@pytest.fixture(scope="session")
def session_mailbox() -> Iterator[Mailbox]:
    box = Mailbox()
    box.port = box.start()
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def mailbox(session_mailbox: Mailbox) -> Mailbox:
    """The session's SMTP server, emptied for this test. One port for the session keeps
    `mail_settings` the same from test to test, so `mail_client` reuses its app too."""
    session_mailbox.messages.clear()
    return session_mailbox


@pytest.fixture
def mail_settings(settings: Settings, mailbox: Mailbox) -> Settings:
    return replace(settings, smtp_host="127.0.0.1", smtp_port=mailbox.port)


@pytest.fixture
async def mail_client(mail_settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with shared_app_client(mail_settings) as c:
        # Jobs other tests left queued (they share the database) must not mail this mailbox.
        await cancel_jobs_of_earlier_tests()
        yield c


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on loopback of the test's own, closed after it."""
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def hook_settings(settings: Settings) -> Settings:
    """Settings that let deliveries reach `receiver` (loopback is internal otherwise)."""
    return replace(settings, webhook_allowed_hosts="127.0.0.1")


@pytest.fixture
async def hook_client(hook_settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with app_client(hook_settings) as c:
        yield c


async def create_webhook(
    client: AsyncTestClient, org: Org, url: str, events: list[str] | None = None
) -> dict:
    """A webhook endpoint for `url` (every event, or `events`), as the create answer shows
    it (with its secret)."""
    body: dict[str, Any] = {"url": url} if events is None else {"url": url, "events": events}
    created = await client.post("/api/v1/webhooks", headers=org.auth, json=body)
    assert created.status_code == 201, created.text
    return created.json()
