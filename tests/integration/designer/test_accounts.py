"""Designer sign-in: sessions, wrong passwords, lock-out, rate limits, audit, CSRF."""

import datetime as dt
import uuid
from dataclasses import replace

from litestar.testing import AsyncTestClient

from designer.tables import DesignerSession, DesignerUser, LoginAttempt
from runtime.app import create_app
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import Author, sign_in


async def _attempt(client: AsyncTestClient, email: str, password: str):
    page = await client.get("/designer/login")
    return await client.post(
        "/designer/login",
        data={"_csrf_token": csrf_from(page.text), "email": email, "password": password},
    )


async def test_anonymous_visitors_are_sent_to_login_and_back(client: AsyncTestClient) -> None:
    response = await client.get("/designer/templates?q=nda")
    assert response.status_code == 303
    assert response.headers["location"] == "/designer/login?next=/designer/templates%3Fq%3Dnda"
    htmx = await client.get("/designer/templates", headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert htmx.headers["hx-redirect"].startswith("/designer/login?next=")


async def test_login_sets_a_safe_session_cookie_and_logout_ends_it(
    client: AsyncTestClient, author: Author
) -> None:
    page = await client.get("/designer/login?next=/designer/templates")
    token = csrf_from(page.text)
    response = await client.post(
        "/designer/login",
        data={
            "_csrf_token": token,
            "email": author.email.upper(),
            "password": author.password,
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/designer/"  # never off-site
    cookie = response.headers["set-cookie"]
    assert "formseal_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    library = await client.get("/designer/templates")
    assert library.status_code == 200
    assert "Test Author" in library.text
    rows = await DesignerSession.count().where(
        DesignerSession.user.email == author.email  # type: ignore[attr-defined]
    )
    assert rows == 1
    logout = await client.post("/designer/logout", data={"_csrf_token": token})
    assert logout.status_code == 303
    again = await client.get("/designer/templates")
    assert again.status_code == 303
    rows = await DesignerSession.count().where(
        DesignerSession.user.email == author.email  # type: ignore[attr-defined]
    )
    assert rows == 0


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: AsyncTestClient, author: Author
) -> None:
    wrong = await _attempt(client, author.email, "not the password")
    unknown = await _attempt(client, f"nobody-{uuid.uuid4().hex[:6]}@example.com", "whatever")
    assert wrong.status_code == unknown.status_code == 400
    message = "The email address or password is not right"
    assert message in wrong.text and message in unknown.text
    assert "formseal_session" not in wrong.headers.get("set-cookie", "")
    events = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.organisation == author.organisation_id
    )
    assert [e["action"] for e in events] == ["designer.login_failed"]


async def test_repeated_failures_lock_the_account_and_are_audited(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    for _ in range(settings.designer_login_max_failures):
        assert (await _attempt(client, author.email, "guess")).status_code == 400
    locked = await _attempt(client, author.email, author.password)  # even the right one
    assert locked.status_code == 429
    assert "locked after too many wrong passwords" in locked.text
    user = await DesignerUser.objects().where(DesignerUser.email == author.email).first()
    assert user is not None and user.locked_until is not None
    actions = [
        e["action"]
        for e in await AuditEvent.select(AuditEvent.action)
        .where(AuditEvent.organisation == author.organisation_id)
        .order_by(AuditEvent.id)
    ]
    assert actions.count("designer.login_failed") == settings.designer_login_max_failures
    assert "designer.account_locked" in actions
    assert actions[-1] == "designer.login_refused"


async def test_unknown_emails_lock_the_same_way(
    client: AsyncTestClient, settings: Settings
) -> None:
    email = f"ghost-{uuid.uuid4().hex[:6]}@example.com"
    for _ in range(settings.designer_login_max_failures):
        await _attempt(client, email, "guess")
    assert (await _attempt(client, email, "guess")).status_code == 429


async def test_one_address_is_rate_limited(settings: Settings) -> None:
    limited = replace(settings, designer_login_ip_limit=3)
    app = create_app(limited)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        for _ in range(3):
            await _attempt(client, f"x-{uuid.uuid4().hex[:6]}@example.com", "guess")
        blocked = await _attempt(client, f"y-{uuid.uuid4().hex[:6]}@example.com", "guess")
        assert blocked.status_code == 429
        assert "too many sign-in attempts from your network" in blocked.text
        # Not clearable on the Users screen (docs/deploy.md): it clears itself as each
        # failure ages past 15 minutes, so nobody waits longer than that.
        await LoginAttempt.update(
            {LoginAttempt.created_at: utcnow() - dt.timedelta(minutes=15, seconds=1)}
        ).where(LoginAttempt.ok == False)  # noqa: E712 - a piccolo expression
        later = await _attempt(client, f"z-{uuid.uuid4().hex[:6]}@example.com", "guess")
        assert later.status_code == 400, later.text


async def test_posts_without_csrf_are_refused(client: AsyncTestClient, author: Author) -> None:
    await sign_in(client, author)
    refused = await client.post("/designer/templates", data={"name": "No token"})
    assert refused.status_code == 403
    htmx = await client.post(
        "/designer/templates", data={"name": "No token"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 403
