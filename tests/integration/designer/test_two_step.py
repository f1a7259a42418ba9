"""Two-step verification with an authenticator app: turning it on, signing in with a code
(once), recovery codes (once), the lock-out, the half-signed-in state granting nothing,
turning it off, and an administrator turning it off for someone who lost their phone."""

import asyncio
import datetime as dt
import json
import uuid
from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts import invitations, two_step
from designer.tables import (
    DesignerInvitation,
    DesignerLoginChallenge,
    DesignerRecoveryCode,
    DesignerUser,
)
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.conftest import app_client, csrf_from
from tests.integration.designer.conftest import Author, make_author, sign_in
from tests.integration.designer.helpers import run
from tests.integration.designer.two_step_helpers import (
    code,
    code_step,
    enrol,
    password_step,
    sign_out,
    start,
)


async def _actions(organisation_id: uuid.UUID) -> list[str]:
    rows = (
        await AuditEvent.select(AuditEvent.action)
        .where(AuditEvent.organisation == organisation_id)
        .order_by(AuditEvent.id)
    )
    return [r["action"] for r in rows]


def _json(value: object) -> object:
    """JSON columns come back parsed on PostgreSQL, as text on SQLite."""
    return json.loads(value) if isinstance(value, str) else value


async def _user(author: Author) -> DesignerUser:
    row = await DesignerUser.objects().where(DesignerUser.email == author.email).first()
    assert row is not None
    return row


async def test_turning_it_on_needs_a_code_from_the_app_and_shows_recovery_codes_once(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    account = await client.get("/designer/account")
    assert (
        "Two-step verification" in account.text and "Turn on two-step verification" in account.text
    )
    secret = await start(client, token)
    page = await client.get("/designer/account/two-step")
    assert 'src="data:image/png;base64,' in page.text  # the QR code, no outside request
    assert two_step.grouped(secret) in page.text and len(two_step.grouped(secret).split()) == 8

    wrong = await client.post(
        "/designer/account/two-step/confirm", data={"_csrf_token": token, "code": "000000"}
    )
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.text and 'href="#code"' in wrong.text
    assert two_step.grouped(secret) in wrong.text  # the same key: the app needs no new scan
    assert not (await _user(author)).totp_secret

    confirmed = await client.post(
        "/designer/account/two-step/confirm", data={"_csrf_token": token, "code": code(secret)}
    )
    assert confirmed.status_code == 200
    assert "shown only this once" in confirmed.text
    user = await _user(author)
    # Encrypted, bound to this user, never in plain text; recovery codes only as sha256.
    assert user.totp_secret.startswith("v1:") and secret not in user.totp_secret
    assert two_step.decrypt(settings, user.id, user.totp_secret) == secret
    with pytest.raises(two_step.SecretUnreadable):
        two_step.decrypt(settings, uuid.uuid4(), user.totp_secret)
    hashes = await DesignerRecoveryCode.select(DesignerRecoveryCode.code_hash).where(
        DesignerRecoveryCode.user == user.id
    )
    assert len(hashes) == 10 and all(len(h["code_hash"]) == 64 for h in hashes)
    assert not any(h["code_hash"][:10] in confirmed.text for h in hashes)
    account = await client.get("/designer/account")
    assert "10 of your 10 recovery codes are left" in account.text
    assert (await _actions(author.organisation_id))[-1] == "designer.two_step_on"


async def test_sign_in_asks_for_the_code_and_each_code_works_once(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    secret, recovery = await enrol(client, token)
    await sign_out(client, token)

    location = await password_step(client, author, "/designer/templates")
    assert location == "/designer/login/code"
    assert "formseal_session" not in client.cookies
    page = await client.get("/designer/login/code")
    assert author.email in page.text and 'autocomplete="one-time-code"' in page.text

    wrong = await code_step(client, "123456" if code(secret, 1) != "123456" else "654321")
    assert wrong.status_code == 400 and "That code is not right" in wrong.text
    fresh = code(secret, 1)  # the step after the one that turned it on
    signed_in = await code_step(client, fresh)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/designer/templates"
    assert (await client.get("/designer/templates")).status_code == 200

    await sign_out(client, csrf_from((await client.get("/designer/account")).text))
    await password_step(client, author)
    replayed = await code_step(client, fresh)
    assert replayed.status_code == 400 and "already been used" in replayed.text
    older = await code_step(client, code(secret))  # a step before the last one used
    assert older.status_code == 400
    assert "formseal_session" not in client.cookies

    actions = await _actions(author.organisation_id)
    assert actions.count("designer.two_step_asked") == 2
    assert actions.count("designer.two_step_failed") == 3
    login = await AuditEvent.select(AuditEvent.data).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "designer.login")
    )
    assert {"two_step": "app"} in [_json(r["data"]) for r in login]
    trail = await client.get("/designer/settings/audit")  # the administrator's own trail
    assert trail.status_code == 303  # signed out: sign in again to read it
    await password_step(client, author)
    await code_step(client, recovery[0])  # the app's next code is 30 s away
    trail = (await client.get("/designer/settings/audit")).text
    assert "Signed in (password and a code from the authenticator app)" in trail
    assert "Right password; asked for the two-step verification code" in trail
    assert "Wrong two-step verification code (1 in a row)" in trail
    assert "Turned on two-step verification" in trail
    assert "Signed in with a password and a recovery code (9 left)" in trail


async def test_a_recovery_code_signs_in_once(client: AsyncTestClient, author: Author) -> None:
    token = await sign_in(client, author)
    _, codes = await enrol(client, token)
    await sign_out(client, token)
    await password_step(client, author)
    used = await code_step(client, codes[3].upper().replace("-", " "))  # as typed by hand
    assert used.status_code == 303
    assert used.headers["location"] == "/designer/account?recovery_left=9"
    account = await client.get(used.headers["location"])
    assert "You signed in with a recovery code" in account.text
    assert "9 of your 10 recovery codes are left" in account.text

    await sign_out(client, csrf_from(account.text))
    await password_step(client, author)
    again = await code_step(client, codes[3])
    assert again.status_code == 400 and "That code is not right" in again.text
    assert (
        await DesignerRecoveryCode.count().where(
            DesignerRecoveryCode.user == (await _user(author)).id
        )
        == 9
    )


async def test_the_half_signed_in_state_grants_nothing(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    await enrol(client, token)
    await sign_out(client, token)
    await password_step(client, author)
    assert "formseal_two_step" in client.cookies and "formseal_session" not in client.cookies
    for path in (
        "/designer/",
        "/designer/templates",
        "/designer/account",
        "/designer/users",
        "/designer/settings/audit",
        "/designer/envelopes",
    ):
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/designer/login?next="), path
    # The challenge cookie is not sent anywhere but the sign-in pages; even sent by hand it
    # is no session.
    challenge = client.cookies["formseal_two_step"]
    csrf = csrf_from((await client.get("/designer/login/code")).text)
    client.cookies.set("formseal_session", challenge)
    for path, data in (
        ("/designer/templates", {"name": "Sneaky"}),
        ("/designer/account/two-step/off", {"password": author.password, "code": "123456"}),
        ("/designer/account/mail-language", {"mail_language": "fr"}),
        ("/designer/users", {"email": "x@example.com", "role": "admin", "first": "sso"}),
    ):
        response = await client.post(path, data={"_csrf_token": csrf, **data})
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/designer/login"), path
    htmx = await client.get("/designer/templates", headers={"HX-Request": "true"})
    assert htmx.headers["hx-redirect"].startswith("/designer/login")
    api = await client.get("/api/v1/templates", headers={"Authorization": f"Bearer {challenge}"})
    assert api.status_code == 401
    assert await DesignerUser.count().where(DesignerUser.email == "x@example.com") == 0


async def test_the_code_page_expires_after_five_minutes(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    secret, _ = await enrol(client, token)
    await sign_out(client, token)
    await password_step(client, author)
    page = await client.get("/designer/login/code")
    challenge = (
        await DesignerLoginChallenge.objects()
        .where(DesignerLoginChallenge.user == (await _user(author)).id)
        .first()
    )
    assert challenge is not None
    assert dt.timedelta(minutes=4) < challenge.expires_at - utcnow() <= dt.timedelta(minutes=5)
    await DesignerLoginChallenge.update(
        {DesignerLoginChallenge.expires_at: utcnow() - dt.timedelta(seconds=1)}
    ).where(DesignerLoginChallenge.id == challenge.id)
    late = await client.post(
        "/designer/login/code", data={"_csrf_token": csrf_from(page.text), "code": code(secret, 1)}
    )
    assert late.status_code == 303 and late.headers["location"] == "/designer/login?expired=1"
    again = await client.get(late.headers["location"])
    assert "You took more than 5 minutes to enter the code" in again.text
    assert (await client.get("/designer/login/code")).status_code == 303
    assert "formseal_session" not in client.cookies


async def test_wrong_codes_lock_the_account_like_wrong_passwords(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    secret, _ = await enrol(client, token)
    await sign_out(client, token)
    wrong = "111111" if code(secret, 1) != "111111" else "222222"
    await password_step(client, author)
    for _ in range(settings.designer_login_max_failures - 1):
        assert (await code_step(client, wrong)).status_code == 400
    # The right password again does not clear the count: only a whole sign-in does.
    await password_step(client, author)
    locked = await code_step(client, wrong)
    assert locked.status_code == 429
    assert "locked after too many wrong passwords or codes" in locked.text
    assert "formseal_session" not in client.cookies
    user = await _user(author)
    assert user.locked_until is not None
    assert await DesignerLoginChallenge.count().where(DesignerLoginChallenge.user == user.id) == 0
    page = await client.get("/designer/login")
    refused = await client.post(
        "/designer/login",
        data={
            "_csrf_token": csrf_from(page.text),
            "email": author.email,
            "password": author.password,
        },
    )
    assert refused.status_code == 429  # even the right password, as after wrong passwords
    actions = await _actions(author.organisation_id)
    assert actions.count("designer.two_step_failed") == settings.designer_login_max_failures
    assert "designer.account_locked" in actions


async def test_turning_it_off_needs_the_password_and_a_code(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    secret, codes = await enrol(client, token)
    off = "/designer/account/two-step/off"
    wrong_password = await client.post(
        off, data={"_csrf_token": token, "password": "not it at all", "code": code(secret, 1)}
    )
    assert wrong_password.status_code == 422
    assert "That is not your password" in wrong_password.text
    assert 'href="#off-password"' in wrong_password.text
    wrong_code = await client.post(
        off, data={"_csrf_token": token, "password": author.password, "code": "12345"}
    )
    assert "That code is not right" in wrong_code.text and 'href="#off-code"' in wrong_code.text
    assert (await _user(author)).totp_secret

    renewed = await client.post(
        "/designer/account/two-step/recovery-codes",
        data={"_csrf_token": token, "code": codes[0]},
    )
    assert "Your earlier recovery codes no longer work" in renewed.text
    turned_off = await client.post(
        off, data={"_csrf_token": token, "password": author.password, "code": codes[1]}
    )
    assert "That code is not right" in turned_off.text  # an old code: replaced
    turned_off = await client.post(
        off, data={"_csrf_token": token, "password": author.password, "code": code(secret, 1)}
    )
    assert turned_off.status_code == 303
    assert "Two-step verification is off" in (await client.get(turned_off.headers["location"])).text
    user = await _user(author)
    assert not user.totp_secret
    assert await DesignerRecoveryCode.count().where(DesignerRecoveryCode.user == user.id) == 0
    actions = await _actions(author.organisation_id)
    assert "designer.recovery_codes_renewed" in actions and actions[-1] == "designer.two_step_off"
    await sign_out(client, token)
    assert await password_step(client, author) == "/designer/"


async def test_an_administrator_turns_it_off_for_someone_who_lost_their_phone(
    client: AsyncTestClient, author: Author
) -> None:
    colleague = await make_author(author.organisation_id)
    token = await sign_in(client, colleague)
    await enrol(client, token)
    await sign_out(client, token)

    token = await sign_in(client, author)  # the administrator
    users = await client.get("/designer/users")
    assert users.text.count("Two-step verification on") == 1
    assert "Two-step verification off" in users.text  # the administrator's own row
    target = await _user(colleague)
    done = await client.post(
        f"/designer/users/{target.id}/two-step-off", data={"_csrf_token": token}
    )
    assert done.status_code == 303
    listed = await client.get(done.headers["location"])
    assert f"Two-step verification is off for {colleague.email}" in listed.text
    assert not (await _user(colleague)).totp_secret
    own = await client.post(
        f"/designer/users/{(await _user(author)).id}/two-step-off", data={"_csrf_token": token}
    )
    assert own.status_code == 422 and "on Your account" in own.text
    audit = await AuditEvent.select(AuditEvent.data, AuditEvent.actor).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "designer.user_two_step_reset")
    )
    assert [(_json(a["data"]), a["actor"]) for a in audit] == [
        ({"email": colleague.email}, author.email)
    ]
    await sign_out(client, token)
    assert await password_step(client, colleague) == "/designer/"


async def test_a_changed_secret_key_leaves_the_recovery_codes(
    settings: Settings, author: Author, client: AsyncTestClient
) -> None:
    """Its own app (other settings): about 1-3 s to build."""
    token = await sign_in(client, author)
    secret, codes = await enrol(client, token)
    other = replace(settings, secret_key="another-secret-key-" + "y" * 32)
    async with app_client(other) as moved:
        await password_step(moved, author)
        refused = await code_step(moved, code(secret, 1))
        assert refused.status_code == 409
        assert "its secret key has changed" in refused.text
        recovered = await code_step(moved, codes[0])
        assert recovered.status_code == 303


async def test_a_mailed_link_to_choose_a_new_password_still_asks_for_the_code(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    secret, _ = await enrol(client, token)
    await sign_out(client, token)
    user = await _user(author)
    await invitations.send_link(
        settings, author.organisation_id, user.id, purpose="reset", actor="admin@example.com"
    )
    link = await DesignerInvitation.objects().where(DesignerInvitation.user == user.id).first()
    assert link is not None
    path = f"/designer/invitation/{invitations.token_for(settings, link.id, link.token_salt)}"
    page = await client.get(path)
    new = "a brand new passphrase"
    chosen = await client.post(
        path,
        data={"_csrf_token": csrf_from(page.text), "password": new, "password_again": new},
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/designer/login/code"
    assert "formseal_session" not in client.cookies
    assert (await code_step(client, code(secret, 1))).status_code == 303
    assert (await client.get("/designer/templates")).status_code == 200


async def test_the_server_turns_it_off_for_the_last_administrator(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """`formseal createuser --two-step-off`: two commands (a Python start each, 2-5 s)."""
    token = await sign_in(client, author)
    await enrol(client, token)
    done = run(settings, "createuser", "--email", author.email.upper(), "--two-step-off")
    assert done.returncode == 0, done.stderr
    assert f"Two-step verification is off for {author.email}" in done.stdout
    assert not (await _user(author)).totp_secret
    assert (await _actions(author.organisation_id))[-1] == "designer.user_two_step_reset"
    nobody = run(settings, "createuser", "--email", "nobody@example.com", "--two-step-off")
    assert nobody.returncode == 1 and "No designer user" in nobody.stderr


async def test_an_organisation_that_requires_it_sends_users_to_turn_it_on(
    client: AsyncTestClient, author: Author
) -> None:
    colleague = await make_author(author.organisation_id)
    token = await sign_in(client, author)  # the administrator, who has turned it on
    await enrol(client, token)
    users = await client.get("/designer/users")
    assert "Require two-step verification for password sign-in" in users.text
    saved = await client.post(
        "/designer/users/two-step-required", data={"_csrf_token": token, "require": "yes"}
    )
    assert saved.status_code == 303
    listed = await client.get(saved.headers["location"])
    assert "must now turn on two-step verification" in listed.text
    assert "checked" in listed.text.split('id="require-two-step"')[1].split(">")[0]
    await sign_out(client, token)

    # Until they turn it on, every designer page but Your account sends them there.
    token = await sign_in(client, colleague)
    for path in ("/designer/", "/designer/templates", "/designer/users"):
        response = await client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/designer/account"
    htmx = await client.get("/designer/templates", headers={"HX-Request": "true"})
    assert htmx.headers["hx-redirect"] == "/designer/account"
    refused = await client.post("/designer/templates", data={"_csrf_token": token, "name": "No"})
    assert refused.status_code == 303 and refused.headers["location"] == "/designer/account"
    account = await client.get("/designer/account")
    assert "Turn on two-step verification to continue" in account.text

    await enrol(client, token)
    assert (await client.get("/designer/templates")).status_code == 200
    account = await client.get("/designer/account")
    assert "Turn on two-step verification to continue" not in account.text
    off = await client.post("/designer/users/two-step-required", data={"_csrf_token": token})
    assert "now up to each user" in (await client.get(off.headers["location"])).text
    actions = await _actions(author.organisation_id)
    assert "organisation.two_step_required" in actions
    assert actions[-1] == "organisation.two_step_not_required"


async def test_the_same_code_sent_twice_at_once_passes_once(
    client: AsyncTestClient, author: Author
) -> None:
    """Two sign-ins with one code (or one recovery code) at the same instant: one conditional
    UPDATE (or DELETE) each, so exactly one of them passes, on either database."""
    token = await sign_in(client, author)
    _, codes = await enrol(client, token)
    user = await _user(author)
    step = user.totp_last_step + 1
    taken = await asyncio.gather(*(two_step.take_step(user.id, step) for _ in range(4)))
    assert sorted(taken) == [False, False, False, True]
    used = await asyncio.gather(*(two_step.use_recovery_code(user.id, codes[5]) for _ in range(4)))
    assert sorted(used) == [False, False, False, True]


async def test_guessing_the_password_to_turn_it_off_locks_the_account(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """A stolen session cannot guess the password (or codes) through the account's forms."""
    token = await sign_in(client, author)
    secret, _ = await enrol(client, token)
    off = "/designer/account/two-step/off"
    for _ in range(settings.designer_login_max_failures - 1):
        wrong = await client.post(
            off, data={"_csrf_token": token, "password": "a guess at it", "code": code(secret)}
        )
        assert wrong.status_code == 422
    locked = await client.post(
        off, data={"_csrf_token": token, "password": "a last guess", "code": code(secret)}
    )
    assert locked.status_code == 303 and locked.headers["location"] == "/designer/login?locked=1"
    page = await client.get(locked.headers["location"])
    assert "locked after too many wrong passwords or codes" in page.text
    assert (await client.get("/designer/account")).status_code == 303  # signed out
    assert (await _user(author)).totp_secret  # still on
    assert "designer.account_locked" in await _actions(author.organisation_id)
