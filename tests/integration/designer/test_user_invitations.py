"""Inviting designer users by email: an administrator adds a user with "Email them an
invitation", the person gets a one-time "Choose your password" link (only its hash is
stored), chooses a password and is signed in; a used, expired or replaced link is refused
with a page that says what to do; another organisation's administrator cannot invite (or
mail a link to) your users; forgotten passwords can be mailed the same way."""

import datetime as dt
import re
import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from designer.tables import DesignerInvitation, DesignerSession, DesignerUser
from runtime.accounts.service import ensure_organisation
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import AuditEvent, Job
from runtime.tokens import hash_token
from tests.integration.conftest import Mailbox, csrf_from, run_jobs
from tests.integration.designer.conftest import PASSWORD, Author, sign_in

LINK = re.compile(r"https?://\S+(/designer/invitation/([A-Za-z0-9_\-]+))")


async def _admin(name: str) -> Author:
    org = await ensure_organisation(f"{name} {uuid.uuid4().hex[:8]}")
    email = f"admin-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, role="admin")
    return Author(email, PASSWORD, org)


def _link(mailbox: Mailbox, address: str) -> tuple[str, str]:
    for message in reversed(mailbox.to(address)):
        match = LINK.search(mailbox.text(message))
        if match:
            return match.group(1), match.group(2)
    raise AssertionError(f"no invitation link mailed to {address}")


async def _invite(
    client: AsyncTestClient, settings: Settings, mailbox: Mailbox, name: str, role: str
) -> tuple[str, str, str]:
    """A new organisation's administrator signs in and invites `name`-<random>@example.com;
    the mail is sent. Returns the administrator's CSRF token, the address, the link's path."""
    token = await sign_in(client, await _admin(name.capitalize()))
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
    await client.post(
        "/designer/users",
        data={"_csrf_token": token, "email": email, "role": role, "first": "invite"},
    )
    await run_jobs(settings)
    return token, email, _link(mailbox, email)[0]


async def _user(email: str) -> DesignerUser:
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None
    return user


async def test_invite_choose_password_and_the_link_works_once(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    admin = await _admin("Invites")
    token = await sign_in(mail_client, admin)
    form = (await mail_client.get("/designer/users")).text
    assert 'value="invite" checked' in form and "Email them an invitation" in form
    kim = f"kim-{uuid.uuid4().hex[:8]}@example.com"

    no_csrf = await mail_client.post(
        "/designer/users", data={"email": kim, "role": "author", "first": "invite"}
    )
    assert no_csrf.status_code == 403
    added = await mail_client.post(
        "/designer/users",
        data={
            "_csrf_token": token,
            "email": kim,
            "name": "Kim",
            "role": "author",
            "first": "invite",
        },
    )
    assert added.status_code == 303, added.text
    notice = (await mail_client.get(added.headers["location"])).text
    assert f"{kim} was added as Author. An invitation to choose their password" in notice
    assert "No SMTP server is set up" not in notice  # it is: the mail goes out
    assert "Invited: no password yet" in notice and "Send a new invitation" in notice
    assert (await _user(kim)).password_hash == ""

    await run_jobs(mail_settings)
    [mail] = mailbox.to(kim)
    assert mail["Subject"].startswith("Choose your password for Invites")
    body = mailbox.text(mail)
    assert f"{admin.email} added you to Invites" in body and "as Author" in body
    assert "ask your administrator to send a new invitation" in body
    path, secret = _link(mailbox, kim)
    assert len(secret) >= 43  # 256 bits

    # Stored hashed only: not in the invitation row, nor in the mail job's payload.
    row = (
        await DesignerInvitation.objects()
        .where(DesignerInvitation.user == (await _user(kim)).id)
        .first()
    )
    assert row is not None and row.token_hash == hash_token(secret)
    stored = [
        str(v)
        for v in (await DesignerInvitation.select().where(DesignerInvitation.id == row.id))[
            0
        ].values()
    ]
    jobs = await Job.select(Job.payload).where(Job.kind == "designer_invitation_mail")
    assert not any(secret in s for s in stored + [str(j["payload"]) for j in jobs])

    page = await mail_client.get(path)
    assert page.status_code == 200 and "Choose your password" in page.text and kim in page.text
    form_token = csrf_from(page.text)
    other = AsyncTestClient(app=mail_client.app, base_url="http://testserver.local")
    async with other:
        other.follow_redirects = False
        their_page = await other.get(path)
        their_token = csrf_from(their_page.text)
        short = await other.post(
            path, data={"_csrf_token": their_token, "password": "short", "password_again": "short"}
        )
        assert short.status_code == 422 and "at least 10 characters" in short.text
        differ = await other.post(
            path,
            data={
                "_csrf_token": their_token,
                "password": "a long passphrase",
                "password_again": "x",
            },
        )
        assert differ.status_code == 422 and "not the same" in differ.text
        chosen = await other.post(
            path,
            data={
                "_csrf_token": their_token,
                "password": "kims own passphrase",
                "password_again": "kims own passphrase",
            },
        )
        assert chosen.status_code == 303 and chosen.headers["location"] == "/designer/"
        home = await other.get("/designer/templates")
        assert home.status_code == 200 and "Sign in to the designer" not in home.text
        # The same link again: refused with a page that says what happened.
        again = await other.get(path)
        assert again.status_code == 410 and "already been used" in again.text
    reused = await mail_client.post(
        path,
        data={
            "_csrf_token": form_token,
            "password": "an attacker's pass",
            "password_again": "an attacker's pass",
        },
    )
    assert reused.status_code == 410 and "already been used" in reused.text
    login = AsyncTestClient(app=mail_client.app, base_url="http://testserver.local")
    async with login:
        login.follow_redirects = False
        await sign_in(login, Author(kim, "kims own passphrase", admin.organisation_id))

    actions = [
        a["action"]
        for a in await AuditEvent.select(AuditEvent.action).where(
            AuditEvent.organisation == admin.organisation_id
        )
    ]
    assert {"designer.user_created", "designer.user_invited", "designer.invitation_used"} <= set(
        actions
    )


async def test_expired_and_replaced_links_say_what_to_do_and_resend_works(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    token, lee, first_path = await _invite(mail_client, mail_settings, mailbox, "lee", "sender")
    user = await _user(lee)
    await DesignerInvitation.update(
        {DesignerInvitation.expires_at: utcnow() - dt.timedelta(minutes=1)}
    ).where(DesignerInvitation.user == user.id)
    expired = await mail_client.get(first_path)
    assert expired.status_code == 410 and "This link has expired" in expired.text
    assert "Ask your administrator to send a new invitation" in expired.text
    assert "has expired" in (await mail_client.get("/designer/users")).text

    again = await mail_client.post(f"/designer/users/{user.id}/invite", data={"_csrf_token": token})
    assert again.status_code == 303
    assert (
        f"A new invitation is on its way to {lee}"
        in (await mail_client.get(again.headers["location"])).text
    )
    await run_jobs(mail_settings)
    second_path, _ = _link(mailbox, lee)
    assert second_path != first_path and len(mailbox.to(lee)) == 2
    assert (await mail_client.get(first_path)).status_code == 404  # replaced: only the latest works
    assert (await mail_client.get(second_path)).status_code == 200
    assert (await mail_client.get("/designer/invitation/not-a-token")).status_code == 404


async def test_forgotten_password_link_and_no_invites_into_another_organisation(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    ours, theirs = await _admin("Ours"), await _admin("Theirs")
    sam = f"sam-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(ours.organisation_id, sam, "sams old passphrase", role="author")
    sam_row = await _user(sam)

    token = await sign_in(mail_client, theirs)
    for action in ("invite", "reset-link"):
        refused = await mail_client.post(
            f"/designer/users/{sam_row.id}/{action}", data={"_csrf_token": token}
        )
        assert refused.status_code == 404, action
    assert await DesignerInvitation.count().where(DesignerInvitation.user == sam_row.id) == 0

    other = AsyncTestClient(app=mail_client.app, base_url="http://testserver.local")
    async with other:
        other.follow_redirects = False
        ours_token = await sign_in(other, ours)
        sent = await other.post(
            f"/designer/users/{sam_row.id}/reset-link", data={"_csrf_token": ours_token}
        )
        assert sent.status_code == 303
        assert (
            "A link to choose a new password is on its way"
            in (await other.get(sent.headers["location"])).text
        )
    await run_jobs(mail_settings)
    [mail] = mailbox.to(sam)
    assert mail["Subject"] == "Choose a new password for formseal"
    path, _ = _link(mailbox, sam)
    assert (await _user(sam)).password_hash == sam_row.password_hash  # unchanged until used
    page = await mail_client.get(path)
    assert "Choose a new password" in page.text
    await DesignerSession.delete().where(DesignerSession.user == sam_row.id)
    chosen = await mail_client.post(
        path,
        data={
            "_csrf_token": csrf_from(page.text),
            "password": "sams new passphrase",
            "password_again": "sams new passphrase",
        },
    )
    assert chosen.status_code == 303
    assert (await _user(sam)).password_hash != sam_row.password_hash
    actions = {
        a["action"]
        for a in await AuditEvent.select(AuditEvent.action).where(
            AuditEvent.organisation == ours.organisation_id
        )
    }
    assert {"designer.password_link_sent", "designer.invitation_used"} <= actions


async def test_a_password_set_by_hand_ends_the_open_link(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    token, ana, path = await _invite(mail_client, mail_settings, mailbox, "ana", "author")
    assert (await mail_client.get(path)).status_code == 200
    user = await _user(ana)

    set_by_hand = await mail_client.post(
        f"/designer/users/{user.id}/password",
        data={"_csrf_token": token, "password": "handed over in person"},
    )
    assert set_by_hand.status_code == 303, set_by_hand.text
    screen = (await mail_client.get("/designer/users")).text
    assert "Invited: no password yet" not in screen and "Invitation sent" not in screen
    refused = await mail_client.get(path)
    assert refused.status_code == 404
    assert "or by a password your administrator set for you" in refused.text
    assert await DesignerInvitation.count().where(DesignerInvitation.user == user.id) == 0


async def test_users_screen_says_an_invitation_is_not_sent_while_its_mail_fails(
    client: AsyncTestClient, settings: Settings
) -> None:
    """With the mail server down the screen said "Invitation sent …" all the same."""
    import dataclasses
    import socket

    from runtime.jobs.worker import Worker

    admin = await _admin("Unsent")
    token = await sign_in(client, admin)
    kim = f"kim-{uuid.uuid4().hex[:8]}@example.com"
    added = await client.post(
        "/designer/users",
        data={"_csrf_token": token, "email": kim, "role": "viewer", "first": "invite"},
    )
    assert added.status_code == 303, added.text
    assert "Invitation queued" in (await client.get("/designer/users")).text

    with socket.socket() as s:  # a port nobody listens on: the mail server is down
        s.bind(("127.0.0.1", 0))
        closed = int(s.getsockname()[1])
    down = dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=closed)
    await Worker(down, kinds=("designer_invitation_mail",)).run_until_idle()
    screen = (await client.get("/designer/users")).text
    assert "Invitation not sent yet:" in screen and "formseal tries again by itself" in screen
    assert "Invitation sent" not in screen and 'href="/designer/settings/problems"' in screen

    await Job.update({Job.status: "failed", Job.finished_at: utcnow()}).where(
        (Job.organisation == admin.organisation_id) & (Job.kind == "designer_invitation_mail")
    )
    screen = (await client.get("/designer/users")).text
    assert "Invitation not sent:" in screen and "formseal gave up" in screen

    await Job.update({Job.status: "done"}).where(
        (Job.organisation == admin.organisation_id) & (Job.kind == "designer_invitation_mail")
    )
    assert "Invitation sent" in (await client.get("/designer/users")).text


async def test_without_smtp_the_invitation_notice_says_it_stays_in_the_outbox(
    client: AsyncTestClient,
) -> None:
    """No FORMSEAL_SMTP_HOST: the mail is written to var/outbox/ and never reaches them,
    which 'is on its way to them' alone did not say."""
    token = await sign_in(client, await _admin("Outbox"))
    email = f"ola-{uuid.uuid4().hex[:8]}@example.com"
    added = await client.post(
        "/designer/users",
        data={"_csrf_token": token, "email": email, "role": "author", "first": "invite"},
    )
    notice = (await client.get(added.headers["location"])).text
    assert f"{email} was added as Author. An invitation" in notice
    assert (
        "No SMTP server is set up, though: the mail is not sent but written to a file on the "
        "server (Settings → Outbox lists it), so it reaches them only if whoever runs formseal "
        "passes the link on. Or set them a password and give it to them in person." in notice
    )
