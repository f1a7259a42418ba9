"""Two-step verification with an authenticator app: turning it off (the person, an
administrator, the server for the last administrator), a changed secret key, a mailed
password link, an organisation that requires it, codes sent at once."""

import asyncio
from dataclasses import replace

from litestar.testing import AsyncTestClient

from designer.accounts import invitations, two_step
from designer.tables import (
    DesignerInvitation,
    DesignerRecoveryCode,
)
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.conftest import app_client, csrf_from
from tests.integration.designer.conftest import Author, make_author, sign_in
from tests.integration.designer.helpers import run
from tests.integration.designer.two_step_helpers import (
    audit_actions,
    code,
    code_step,
    enrol,
    json_value,
    password_step,
    sign_out,
    user_row,
)


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
    assert (await user_row(author)).totp_secret

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
    user = await user_row(author)
    assert not user.totp_secret
    assert await DesignerRecoveryCode.count().where(DesignerRecoveryCode.user == user.id) == 0
    actions = await audit_actions(author.organisation_id)
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
    target = await user_row(colleague)
    done = await client.post(
        f"/designer/users/{target.id}/two-step-off", data={"_csrf_token": token}
    )
    assert done.status_code == 303
    listed = await client.get(done.headers["location"])
    assert f"Two-step verification is off for {colleague.email}" in listed.text
    assert not (await user_row(colleague)).totp_secret
    own = await client.post(
        f"/designer/users/{(await user_row(author)).id}/two-step-off", data={"_csrf_token": token}
    )
    assert own.status_code == 422 and "on Your account" in own.text
    audit = await AuditEvent.select(AuditEvent.data, AuditEvent.actor).where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "designer.user_two_step_reset")
    )
    assert [(json_value(a["data"]), a["actor"]) for a in audit] == [
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
    user = await user_row(author)
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
    assert not (await user_row(author)).totp_secret
    assert (await audit_actions(author.organisation_id))[-1] == "designer.user_two_step_reset"
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
    actions = await audit_actions(author.organisation_id)
    assert "organisation.two_step_required" in actions
    assert actions[-1] == "organisation.two_step_not_required"


async def test_the_same_code_sent_twice_at_once_passes_once(
    client: AsyncTestClient, author: Author
) -> None:
    """Two sign-ins with one code (or one recovery code) at the same instant: one conditional
    UPDATE (or DELETE) each, so exactly one of them passes, on either database."""
    token = await sign_in(client, author)
    _, codes = await enrol(client, token)
    user = await user_row(author)
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
    assert (await user_row(author)).totp_secret  # still on
    assert "designer.account_locked" in await audit_actions(author.organisation_id)
