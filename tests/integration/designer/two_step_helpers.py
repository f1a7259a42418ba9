"""Two-step verification in tests: turn it on through the account screen as a person would
(reading the key off the set-up page) and make the codes their app would show."""

import json
import re
import time
import uuid

import pyotp
from litestar.testing import AsyncTestClient

from designer.tables import DesignerUser
from runtime.tables import AuditEvent
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import Author

SECRET = re.compile(r'class="two-step-setup__secret"[^>]*>([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code `steps_ahead` 30-second steps from now (±1 is accepted)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


async def start(client: AsyncTestClient, token: str) -> str:
    """Press "Turn on two-step verification"; the key the set-up page shows, without spaces."""
    started = await client.post("/designer/account/two-step/start", data={"_csrf_token": token})
    assert started.status_code == 303, started.text
    page = await client.get(started.headers["location"])
    assert page.status_code == 200, page.text
    match = SECRET.search(page.text)
    assert match, page.text
    return match.group(1).replace(" ", "")


async def enrol(client: AsyncTestClient, token: str) -> tuple[str, list[str]]:
    """Turn two-step verification on; (the app's key, the ten recovery codes). The code used
    is the current step's, so the next sign-in takes `code(secret, 1)`."""
    secret = await start(client, token)
    confirmed = await client.post(
        "/designer/account/two-step/confirm", data={"_csrf_token": token, "code": code(secret)}
    )
    assert confirmed.status_code == 200, confirmed.text
    codes = RECOVERY.findall(confirmed.text)
    assert len(codes) == 10, confirmed.text
    return secret, codes


async def password_step(client: AsyncTestClient, author: Author, next_path: str = "") -> str:
    """Sign in with the password; returns where it sent the browser."""
    page = await client.get("/designer/login")
    data = {"_csrf_token": csrf_from(page.text), "email": author.email}
    data |= {"password": author.password, "next": next_path}
    response = await client.post("/designer/login", data=data)
    assert response.status_code == 303, response.text
    return response.headers["location"]


async def code_step(client: AsyncTestClient, typed: str):  # type: ignore[no-untyped-def]
    page = await client.get("/designer/login/code")
    assert page.status_code == 200, page.text
    return await client.post(
        "/designer/login/code", data={"_csrf_token": csrf_from(page.text), "code": typed}
    )


async def sign_out(client: AsyncTestClient, token: str) -> None:
    await client.post("/designer/logout", data={"_csrf_token": token})
    client.cookies.clear()


async def audit_actions(organisation_id: uuid.UUID) -> list[str]:
    """The organisation's audit actions, oldest first."""
    rows = (
        await AuditEvent.select(AuditEvent.action)
        .where(AuditEvent.organisation == organisation_id)
        .order_by(AuditEvent.id)
    )
    return [r["action"] for r in rows]


def json_value(value: object) -> object:
    """JSON columns come back parsed on PostgreSQL, as text on SQLite."""
    return json.loads(value) if isinstance(value, str) else value


async def user_row(author: Author) -> DesignerUser:
    """The author's user row as it is now."""
    row = await DesignerUser.objects().where(DesignerUser.email == author.email).first()
    assert row is not None
    return row
