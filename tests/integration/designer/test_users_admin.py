"""The users screen on day two: a locked-out user is shown as locked and can be unlocked,
an administrator sets a forgotten password, and a refused change (the last administrator,
a short password) shows the users screen again with the reason beside that user."""

import datetime as dt
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts import sessions
from designer.accounts.service import create_user
from designer.tables import DesignerSession, DesignerUser
from runtime.accounts.service import ensure_organisation
from runtime.clock import utcnow
from runtime.tables import AuditEvent
from tests.integration.designer.conftest import PASSWORD, Author, sign_in


async def _user(org: uuid.UUID, role: str) -> Author:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, role=role)
    return Author(email, PASSWORD, org)


async def _row(email: str) -> DesignerUser:
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None
    return user


async def test_admin_unlocks_sets_a_password_and_is_told_why_a_change_is_refused(
    client: AsyncTestClient,
) -> None:
    org = await ensure_organisation(f"Day two {uuid.uuid4().hex[:8]}")
    admin, kim = await _user(org, "admin"), await _user(org, "author")
    token = await sign_in(client, admin)
    # Locked as five wrong passwords in a row leave it (tests/…/test_accounts.py walks those).
    await DesignerUser.update(
        {DesignerUser.locked_until: utcnow() + dt.timedelta(minutes=15)}
    ).where(DesignerUser.email == kim.email)
    kim_row = await _row(kim.email)
    assert kim_row.locked_until is not None

    page = (await client.get("/designer/users")).text
    assert "Locked" in page and "Too many wrong passwords: locked until" in page
    assert f'action="/designer/users/{kim_row.id}/unlock"' in page
    unlocked = await client.post(
        f"/designer/users/{kim_row.id}/unlock", data={"_csrf_token": token}
    )
    assert unlocked.status_code == 303
    assert f"{kim.email} was unlocked" in (await client.get(unlocked.headers["location"])).text
    assert (await _row(kim.email)).locked_until is None
    assert "Too many wrong passwords" not in (await client.get("/designer/users")).text

    # A forgotten password: too short is refused beside that user's row, nothing changes.
    short = await client.post(
        f"/designer/users/{kim_row.id}/password", data={"_csrf_token": token, "password": "short"}
    )
    assert short.status_code == 422
    assert "There is a problem" in short.text and "at least 10 characters" in short.text
    assert f'id="password-error-{kim_row.id}"' in short.text
    assert (await _row(kim.email)).password_hash == kim_row.password_hash

    await sessions.start(kim_row.id, "192.0.2.7", dt.timedelta(hours=1))  # signed in elsewhere
    new = await client.post(
        f"/designer/users/{kim_row.id}/password",
        data={"_csrf_token": token, "password": "a brand new passphrase"},
    )
    assert new.status_code == 303
    assert "has a new password" in (await client.get(new.headers["location"])).text
    assert await DesignerSession.count().where(DesignerSession.user == kim_row.id) == 0
    other = AsyncTestClient(app=client.app, base_url="http://testserver.local")
    async with other:
        other.follow_redirects = False
        theirs = await sign_in(other, Author(kim.email, "a brand new passphrase", org))
        # Deactivated: the right password is told so (was 'not right'); a wrong one is not.
        off = await client.post(
            f"/designer/users/{kim_row.id}/deactivate", data={"_csrf_token": token}
        )
        assert off.status_code == 303
        for password, status, says in (
            ("a brand new passphrase", 403, "Your designer account is deactivated"),
            ("not the password", 400, "The email address or password is not right"),
        ):
            tried = await other.post(
                "/designer/login",
                data={"_csrf_token": theirs, "email": kim.email, "password": password},
            )
            assert tried.status_code == status and says in tried.text
        assert "deactivated" not in tried.text

    # Not your own password here (you would be signed out), and not on your own row.
    me = await _row(admin.email)
    page = (await client.get("/designer/users")).text
    assert f'action="/designer/users/{me.id}/password"' not in page
    mine = await client.post(
        f"/designer/users/{me.id}/password",
        data={"_csrf_token": token, "password": "a brand new passphrase"},
    )
    assert mine.status_code == 422 and "Your own password is not set here" in mine.text

    actions = {
        a["action"]
        for a in await AuditEvent.select(AuditEvent.action).where(AuditEvent.organisation == org)
    }
    assert {"designer.user_unlocked", "designer.user_password_set"} <= actions

    # The last administrator: back to the users screen (post/redirect/get: a reload does
    # not post again), with the reason beside the row.
    for action, data in (("role", {"role": "viewer"}), ("deactivate", {})):
        posted = await client.post(
            f"/designer/users/{me.id}/{action}", data={"_csrf_token": token, **data}
        )
        assert posted.status_code == 303
        assert posted.headers["location"].startswith("/designer/users?refused=last_admin&")
        refused = await client.get(posted.headers["location"])
        assert refused.status_code == 200
        assert "<h1>Users</h1>" in refused.text and "There is a problem" in refused.text
        control = "role" if action == "role" else "status"
        assert f'id="{control}-error-{me.id}"' in refused.text
        assert "is the last active administrator" in refused.text
    assert (await _row(admin.email)).role == "admin"
    changed = await client.post(
        f"/designer/users/{kim_row.id}/role", data={"_csrf_token": token, "role": "sender"}
    )
    assert changed.status_code == 303
    assert f"{kim.email} is now Sender." in (await client.get(changed.headers["location"])).text


async def test_the_users_list_shows_each_users_mail_language(client: AsyncTestClient) -> None:
    org = await ensure_organisation(f"Languages {uuid.uuid4().hex[:8]}")
    admin, kim = await _user(org, "admin"), await _user(org, "author")
    await DesignerUser.update({DesignerUser.mail_language: "fr"}).where(
        DesignerUser.email == kim.email
    )
    await sign_in(client, admin)
    page = (await client.get("/designer/users")).text
    rows = {
        email: page.split(email, 1)[1].split("</td>", 1)[0] for email in (admin.email, kim.email)
    }
    assert "Mail language: French — Français" in rows[kim.email]
    assert "Mail language: Same as the template" in rows[admin.email]
