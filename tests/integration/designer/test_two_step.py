"""Two-step verification with an authenticator app: turning it on, signing in with a code
(once), recovery codes (once), the lock-out and the half-signed-in state granting nothing."""

import datetime as dt
import uuid

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts import two_step
from designer.tables import (
    DesignerLoginChallenge,
    DesignerRecoveryCode,
    DesignerUser,
)
from runtime.clock import utcnow
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.two_step_helpers import (
    audit_actions,
    code,
    code_step,
    enrol,
    json_value,
    password_step,
    sign_out,
    start,
    user_row,
)


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
    assert not (await user_row(author)).totp_secret

    confirmed = await client.post(
        "/designer/account/two-step/confirm", data={"_csrf_token": token, "code": code(secret)}
    )
    assert confirmed.status_code == 200
    assert "shown only this once" in confirmed.text
    user = await user_row(author)
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
    assert (await audit_actions(author.organisation_id))[-1] == "designer.two_step_on"


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

    actions = await audit_actions(author.organisation_id)
    assert actions.count("designer.two_step_asked") == 2
    assert actions.count("designer.two_step_failed") == 3
    login = await AuditEvent.select(AuditEvent.data).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "designer.login")
    )
    assert {"two_step": "app"} in [json_value(r["data"]) for r in login]
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
            DesignerRecoveryCode.user == (await user_row(author)).id
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
        .where(DesignerLoginChallenge.user == (await user_row(author)).id)
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
    user = await user_row(author)
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
    actions = await audit_actions(author.organisation_id)
    assert actions.count("designer.two_step_failed") == settings.designer_login_max_failures
    assert "designer.account_locked" in actions
