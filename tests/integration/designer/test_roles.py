"""Roles on the server: every state-changing designer route, for each role, is refused with
403 or let through, as docs/authoring-designer.md#roles says; plus the users screen.

Routes missing from ROUTES are expected to be admin-only (the login guard refuses changes
on routes that name no role), so a new screen is tested the safe way until listed here."""

import asyncio
import re
import uuid

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from designer import drafts
from designer.accounts import users
from designer.accounts.service import create_user
from designer.tables import DesignerSession, DesignerUser
from runtime.accounts.service import ensure_organisation
from runtime.errors import Conflict
from runtime.settings import Settings
from runtime.tables import AuditEvent
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.designer.helpers import SIGNED_FORM

ROLES = ["admin", "author", "sender", "viewer"]
# Which work each route is: "author", "send" or "admin" (admins may do all), or "read".
# Paths use {d} for a draft, {u} for another user of the organisation, {e} for an envelope.
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/designer/templates"): "author",
    ("POST", "/designer/templates/import-docx"): "author",
    ("POST", "/designer/templates/import-json"): "author",
    ("POST", "/designer/templates/{d}/duplicate"): "author",
    ("POST", "/designer/templates/{d}/archive"): "author",
    ("POST", "/designer/templates/{d}/restore"): "author",
    ("POST", "/designer/templates/{d}/versions/{number}/restore"): "author",
    ("POST", "/designer/templates/{d}/properties"): "author",
    ("POST", "/designer/templates/{d}/sections"): "author",
    ("POST", "/designer/templates/{d}/sections/{key}/delete"): "author",
    ("POST", "/designer/templates/{d}/sections/{key}/move"): "author",
    ("POST", "/designer/templates/{d}/fields"): "author",
    ("POST", "/designer/templates/{d}/fields/{key}/delete"): "author",
    ("POST", "/designer/templates/{d}/fields/{key}/duplicate"): "author",
    ("POST", "/designer/templates/{d}/fields/{key}/move"): "author",
    ("POST", "/designer/templates/{d}/undo"): "author",
    ("POST", "/designer/templates/{d}/redo"): "author",
    ("POST", "/designer/templates/{d}/blocks"): "author",
    ("POST", "/designer/templates/{d}/blocks/{index}/delete"): "author",
    ("POST", "/designer/templates/{d}/blocks/{index}/duplicate"): "author",
    ("POST", "/designer/templates/{d}/blocks/{index}/move"): "author",
    ("POST", "/designer/templates/{d}/import-docx"): "author",
    ("POST", "/designer/templates/{d}/roles"): "author",
    ("POST", "/designer/templates/{d}/roles/{key}/delete"): "author",
    ("POST", "/designer/templates/{d}/roles/{key}/stage"): "author",
    ("POST", "/designer/templates/{d}/roles/{key}/move"): "author",
    ("POST", "/designer/templates/{d}/rules"): "author",
    ("POST", "/designer/templates/{d}/publish"): "author",
    ("POST", "/designer/templates/{d}/send-test"): "author",
    # Previews render sample answers and change nothing: every role may use them.
    ("POST", "/designer/templates/{d}/preview"): "read",
    ("POST", "/designer/templates/{d}/preview/pdf"): "read",
    ("POST", "/designer/templates/{d}/preview/fields"): "read",
    # Stamping by hand: who may is decided per stamp by the stamp service, not by role.
    ("POST", "/designer/envelopes/{e}/stamp"): "read",
    # Your account: each user sets the language of their own mails, whatever their role.
    ("POST", "/designer/account/mail-language"): "read",
    # ... and their own two-step verification (designer/accounts/two_step_controller.py).
    ("POST", "/designer/account/two-step/start"): "read",
    ("POST", "/designer/account/two-step/confirm"): "read",
    ("POST", "/designer/account/two-step/recovery-codes"): "read",
    ("POST", "/designer/account/two-step/off"): "read",
    ("POST", "/designer/archive/{e}/tags"): "send",
    ("POST", "/designer/envelopes/{e}/tags"): "send",
    ("POST", "/designer/envelopes/{e}/tags/remove"): "send",
    # Retention deletes signed documents after a while: an organisation setting.
    ("POST", "/designer/archive/retention"): "admin",
    ("POST", "/designer/bulk-sends/new"): "send",
    ("POST", "/designer/bulk-sends/{bulk_id}/mapping"): "send",
    ("POST", "/designer/bulk-sends/{bulk_id}/confirm"): "send",
    ("POST", "/designer/envelopes/new"): "send",
    ("POST", "/designer/envelopes/{e}/remind"): "send",
    ("POST", "/designer/envelopes/{e}/void"): "send",
    ("POST", "/designer/envelopes/{e}/recipients/{recipient_id}/resend"): "send",
    ("POST", "/designer/envelopes/{e}/recipients/{recipient_id}/email"): "send",
    ("GET", "/designer/users"): "admin",
    ("POST", "/designer/users"): "admin",
    ("POST", "/designer/users/{u}/role"): "admin",
    ("POST", "/designer/users/{u}/deactivate"): "admin",
    ("POST", "/designer/users/{u}/reactivate"): "admin",
    ("POST", "/designer/users/{u}/two-step-off"): "admin",
    ("POST", "/designer/users/two-step-required"): "admin",
}
READS = [
    "/designer/templates",
    "/designer/templates/{d}/edit",
    "/designer/templates/{d}/versions",
    "/designer/envelopes",
]
PUBLIC = {
    ("POST", "/designer/login"),
    ("POST", "/designer/logout"),
    # a mailed "Choose your password" link: its token is the permission (test_user_invitations)
    ("POST", "/designer/invitation/{token}"),
    # the sign-in's second step: its short-lived cookie is the permission (test_two_step)
    ("POST", "/designer/login/code"),
}
ALLOWED = {"admin": {"author", "send", "admin"}, "author": {"author"}, "sender": {"send"}}


def _designer_routes(app: Litestar) -> set[tuple[str, str]]:
    """Every designer route that is not a plain read, with `{name:type}` made `{name}`."""
    found = set()
    for route in app.routes:
        if not route.path.startswith("/designer"):
            continue
        path = route.path
        for part in path.split("/"):
            if part.startswith("{"):
                name = part[1:].split(":")[0]
                alias = {"draft_id": "{d}", "user_id": "{u}", "envelope_id": "{e}"}.get(
                    name, "{" + name + "}"
                )
                path = path.replace(part, alias)
        for method in route.methods - {"GET", "HEAD", "OPTIONS"}:
            found.add((method, path.rstrip("/") or "/"))
        if path.rstrip("/") == "/designer/users":
            found.add(("GET", "/designer/users"))
    return found


async def _member(org: uuid.UUID, role: str) -> Author:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, name=f"Test {role}", role=role)
    return Author(email, PASSWORD, org)


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_may_do_only_its_own_work(
    client: AsyncTestClient, role: str, settings: Settings
) -> None:
    org = await ensure_organisation(f"Roles org {uuid.uuid4().hex[:8]}")
    await _member(org, "admin")  # so the organisation never lacks an admin
    other = await _member(org, "viewer")
    other_id = await DesignerUser.select(DesignerUser.id).where(DesignerUser.email == other.email)
    draft = await drafts.create(org, SIGNED_FORM, actor="seed")
    me = await _member(org, role)
    token = await sign_in(client, me)
    values = {
        "{d}": str(draft),
        "{u}": str(other_id[0]["id"]),
        "{e}": str(uuid.uuid4()),
        "{key}": "details",
        "{index}": "0",
        "{bulk_id}": str(uuid.uuid4()),
        "{recipient_id}": str(uuid.uuid4()),
        "{number}": "1",
        "{job_id}": "1",  # a whole number: another id would not match the route at all
    }
    existing = (_designer_routes(client.app) | {("GET", "/designer/users")}) - PUBLIC
    assert set(ROUTES) <= existing, set(ROUTES) - existing
    for path in READS:
        for name, value in values.items():
            path = path.replace(name, value)
        page = await client.get(path)
        assert page.status_code == 200, (role, path, page.status_code)

    for method, template in sorted(existing):
        work = ROUTES.get((method, template), "admin")
        path = template
        for name, value in values.items():
            path = path.replace(name, value)
        path = re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), path)  # ids of newer screens
        response = await client.request(
            method, path, data={"_csrf_token": token, "name": "x", "role": "viewer"}
        )
        allowed = work == "read" or work in ALLOWED.get(role, set())
        if allowed:
            assert response.status_code != 403, (role, method, template, response.text[:300])
        else:
            assert response.status_code == 403, (role, method, template, response.status_code)
            assert "You cannot do this" in response.text
            htmx = await client.request(
                method,
                path,
                data={"_csrf_token": token},
                headers={"HX-Request": "true", "x-csrftoken": token},
            )
            assert htmx.status_code == 403 and "may not" in htmx.text


async def test_buttons_follow_the_role(client: AsyncTestClient) -> None:
    org = await ensure_organisation(f"Buttons org {uuid.uuid4().hex[:8]}")
    draft = await drafts.create(org, SIGNED_FORM, actor="seed")
    await sign_in(client, await _member(org, "viewer"))
    editor = await client.get(f"/designer/templates/{draft}/edit")
    assert editor.status_code == 200
    assert "You can look at this template but not change it" in editor.text
    assert "data-readonly" in editor.text
    library = await client.get("/designer/templates")
    assert "Create template" not in library.text and "Duplicate" not in library.text
    assert 'href="/designer/users"' not in (await client.get("/designer/settings/")).text
    assert ">Open<" in library.text
    envelopes = await client.get("/designer/envelopes")
    assert envelopes.status_code == 200 and 'id="send-heading"' not in envelopes.text
    client.cookies.clear()
    await sign_in(client, await _member(org, "admin"))
    library = await client.get("/designer/templates")
    assert "Create template" in library.text
    assert 'href="/designer/users"' in (await client.get("/designer/settings/")).text
    editor = await client.get(f"/designer/templates/{draft}/edit")
    assert "data-readonly" not in editor.text and "not change it" not in editor.text
    assert 'id="send-heading"' in (await client.get("/designer/envelopes")).text


async def test_admins_manage_users_and_keep_one_admin(client: AsyncTestClient) -> None:
    org = await ensure_organisation(f"Users org {uuid.uuid4().hex[:8]}")
    admin = await _member(org, "admin")
    token = await sign_in(client, admin)
    email = f"new-{uuid.uuid4().hex[:6]}@example.com"
    added = await client.post(
        "/designer/users",
        data={
            "_csrf_token": token,
            "email": email,
            "name": "New Sender",
            "role": "sender",
            "password": "a long enough passphrase",
        },
    )
    assert added.status_code == 303, added.text
    page = await client.get(added.headers["location"])
    assert email in page.text and "New Sender" in page.text
    assert f"{email} was added as Sender. They sign in at http://testserver.local/designer/" in (
        page.text
    )
    new = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert new is not None and new.role == "sender" and new.organisation == org

    taken = await client.post(
        "/designer/users",
        data={"_csrf_token": token, "email": email, "role": "viewer", "password": "x" * 12},
    )
    assert taken.status_code == 422 and "already a user" in taken.text
    assert email in taken.text  # the form keeps what was typed
    bad_role = await client.post(
        "/designer/users",
        data={"_csrf_token": token, "email": "z@example.com", "role": "owner"},
    )
    assert bad_role.status_code == 422 and "Choose a role" in bad_role.text
    no_csrf = await client.post(f"/designer/users/{new.id}/role", data={"role": "admin"})
    assert no_csrf.status_code == 403

    # The new user signs in, then is deactivated: their session ends at once.
    other = AsyncTestClient(app=client.app, base_url="http://testserver.local")
    async with other:
        other.follow_redirects = False
        await sign_in(other, Author(email, "a long enough passphrase", org))
        assert (await other.get("/designer/envelopes")).status_code == 200
        off = await client.post(f"/designer/users/{new.id}/deactivate", data={"_csrf_token": token})
        assert off.status_code == 303
        assert await DesignerSession.count().where(DesignerSession.user == new.id) == 0
        assert (await other.get("/designer/envelopes")).status_code == 303  # to the login
    assert "Deactivated" in (await client.get("/designer/users")).text
    on = await client.post(f"/designer/users/{new.id}/reactivate", data={"_csrf_token": token})
    assert on.status_code == 303

    promote = await client.post(
        f"/designer/users/{new.id}/role", data={"_csrf_token": token, "role": "author"}
    )
    assert promote.status_code == 303
    assert (await DesignerUser.objects().where(DesignerUser.id == new.id).first()).role == "author"

    me = await DesignerUser.objects().where(DesignerUser.email == admin.email).first()
    demote = await client.post(
        f"/designer/users/{me.id}/role", data={"_csrf_token": token, "role": "viewer"}
    )
    assert demote.status_code == 303
    said = await client.get(demote.headers["location"])
    assert "last active administrator" in said.text
    leave = await client.post(f"/designer/users/{me.id}/deactivate", data={"_csrf_token": token})
    assert leave.status_code == 303 and "refused=last_admin" in leave.headers["location"]
    assert (await DesignerUser.objects().where(DesignerUser.id == me.id).first()).role == "admin"

    # Another organisation's user is not found.
    stranger = await _member(await ensure_organisation(f"Far org {uuid.uuid4().hex[:8]}"), "admin")
    far = await DesignerUser.objects().where(DesignerUser.email == stranger.email).first()
    other_org = await client.post(
        f"/designer/users/{far.id}/deactivate", data={"_csrf_token": token}
    )
    assert other_org.status_code == 404
    assert (await DesignerUser.objects().where(DesignerUser.id == far.id).first()).active

    actions = await AuditEvent.select(AuditEvent.action).where(AuditEvent.organisation == org)
    names = {a["action"] for a in actions}
    assert {
        "designer.user_created",
        "designer.user_role_changed",
        "designer.user_deactivated",
        "designer.user_reactivated",
    } <= names


async def test_createuser_role_option(settings: Settings) -> None:
    from tests.integration.designer.helpers import run

    email = f"viewer-{uuid.uuid4().hex[:6]}@example.com"
    made = run(
        settings,
        "createuser",
        "--email",
        email,
        "--role",
        "viewer",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert "as viewer" in made.stdout
    row = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert row is not None and row.role == "viewer"
    from click.testing import CliRunner

    from designer.cli import createuser

    wrong = CliRunner().invoke(createuser, ["--email", email, "--role", "owner"])
    assert wrong.exit_code != 0 and "'owner' is not one of" in wrong.output


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    client: AsyncTestClient,
) -> None:
    org = await ensure_organisation(f"Admins org {uuid.uuid4().hex[:8]}")
    first, second = await _member(org, "admin"), await _member(org, "admin")
    ids = [
        (await DesignerUser.objects().where(DesignerUser.email == who.email).first()).id
        for who in (first, second)
    ]

    outcomes = await asyncio.gather(
        users.change_role(org, ids[0], "author", actor=second.email),
        users.change_role(org, ids[1], "viewer", actor=first.email),
        return_exceptions=True,
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, Conflict)]
    assert len(refused) == 1 and outcomes.count(None) == 1
    admins = await DesignerUser.count().where(
        (DesignerUser.organisation == org) & (DesignerUser.role == "admin")
    )
    assert admins == 1
