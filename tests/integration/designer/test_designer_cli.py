"""`formseal createuser` and the demo author, run as an administrator would."""

import asyncio
import re
import uuid

from click.testing import CliRunner
from litestar.testing import AsyncTestClient

from designer.cli import createuser, ensure_author
from designer.tables import DesignerUser
from runtime.accounts.service import existing_organisation
from runtime.settings import Settings
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.helpers import run


async def test_createuser_then_sign_in(client: AsyncTestClient, settings: Settings) -> None:
    email = f"Legal-{uuid.uuid4().hex[:6]}@Example.com"
    organisation = f"CLI org {uuid.uuid4().hex[:6]}"
    assert run(settings, "org", "create", organisation).returncode == 0  # or it is refused
    args = ("createuser", "--email", email, "--organisation", organisation, "--password-stdin")
    created = run(settings, *args, stdin="a long enough passphrase\n")
    assert created.returncode == 0, created.stderr
    assert f"Created user {email.lower()} in {organisation!r} as admin" in created.stdout
    await sign_in(client, Author(email.lower(), "a long enough passphrase", uuid.uuid4()))
    library = await client.get("/designer/templates")
    assert organisation in library.text

    weak = run(
        settings, "createuser", "--email", "x@example.com", "--password-stdin", stdin="short\n"
    )
    # it said "too short or too long"; now which, and both limits
    assert weak.returncode == 1, weak.stderr
    assert weak.stderr.strip() == (
        "Error: That password is too short: use at least 10 characters (and at most 1024)."
    )

    reset = run(settings, *args, stdin="another long passphrase\n")
    assert reset.returncode == 0 and "Reset the password" in reset.stdout


async def test_createuser_invite_queues_a_choose_your_password_mail(settings: Settings) -> None:
    from designer.tables import DesignerInvitation, DesignerUser
    from runtime.tables import Job

    email, organisation = f"inv-{uuid.uuid4().hex[:6]}@example.com", f"Inv {uuid.uuid4().hex[:6]}"
    assert run(settings, "org", "create", organisation).returncode == 0
    args = ("createuser", "--email", email, "--organisation", organisation, "--role", "author")
    invited = run(settings, *args, "--invite")
    assert invited.returncode == 0, invited.stderr
    assert f"Invited {email} to {organisation!r} as author" in invited.stdout
    assert "the link works once, for 7 days" in invited.stdout
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None and user.password_hash == "" and user.role == "author"
    invitation = (
        await DesignerInvitation.objects().where(DesignerInvitation.user == user.id).first()
    )
    assert invitation is not None and invitation.purpose == "invite"
    assert await Job.exists().where(
        (Job.kind == "designer_invitation_mail")
        & (Job.dedupe_key == f"designer_invitation_mail:{invitation.id}")
    )


async def test_createuser_sets_a_new_users_mail_language(settings: Settings) -> None:
    from designer.tables import DesignerUser

    email, organisation = f"fr-{uuid.uuid4().hex[:6]}@example.com", f"Fr {uuid.uuid4().hex[:6]}"
    assert run(settings, "org", "create", organisation).returncode == 0
    args = ("createuser", "--email", email, "--organisation", organisation)
    invited = run(settings, *args, "--invite", "--mail-language", "fr")
    assert invited.returncode == 0, invited.stderr
    assert "Their mails are in Français (fr)." in invited.stdout
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None and user.mail_language == "fr"  # the invitation is in French

    # an existing user's choice is theirs: a reset leaves it as it is (in-process: quicker)
    assert not await ensure_author(
        user.organisation, email, "a long pass phrase", mail_language="vi"
    )
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None and user.mail_language == "fr"

    wrong = CliRunner().invoke(createuser, [*args[1:], "--invite", "--mail-language", "de"])
    assert wrong.exit_code == 2 and "'de' is not one of" in wrong.output


def test_demo_prints_an_author_login(settings: Settings) -> None:
    organisation = f"Demo org {uuid.uuid4().hex[:6]}"
    asyncio.run(_forget_demo_author())  # as on a new instance, whichever test ran demo before
    assert run(settings, "org", "create", organisation).returncode == 0  # or it is refused
    result = run(settings, "demo", "--organisation", organisation)
    assert result.returncode == 0, result.stderr
    assert "/s/" in result.stdout  # the signing link is still there
    assert f"{settings.base_url}/designer/" in result.stdout
    assert re.search(r"email:\s+author@example.com", result.stdout)
    assert re.search(r"password:\s+\S{12,}", result.stdout)
    assert "no longer" not in result.stdout
    before = asyncio.run(_demo_password_hash())
    # run again (make run calls it each time, another signing link): the user exists, so the
    # password printed before (or chosen since) keeps working, and the output says so
    again = run(settings, "demo", "--organisation", organisation)
    assert again.returncode == 0, again.stderr
    assert "/s/" in again.stdout and re.search(r"email:\s+author@example.com", again.stdout)
    assert "password: unchanged (the user exists: the password an earlier" in again.stdout
    assert not re.search(r"password:\s+(?!unchanged)\S", again.stdout)
    assert asyncio.run(_demo_password_hash()) == before


async def _demo_password_hash() -> str:
    row = (
        await DesignerUser.select(DesignerUser.password_hash)
        .where(DesignerUser.email == "author@example.com")
        .first()
    )
    return str(row["password_hash"])


async def _forget_demo_author() -> None:
    await DesignerUser.delete().where(DesignerUser.email == "author@example.com")


def test_demo_in_an_organisation_with_people_adds_no_demo_administrator(
    settings: Settings,
) -> None:
    """An administrator trying `formseal demo --organisation` on their real organisation gets
    the signing link, but no administrator author@example.com whose password the terminal
    shows (it was added, or its password reset, on every run)."""
    organisation = f"Northwind {uuid.uuid4().hex[:6]}"
    assert run(settings, "org", "create", organisation).returncode == 0
    made = run(
        settings,
        "createuser",
        "--email",
        f"boss-{uuid.uuid4().hex[:6]}@northwind.test",
        "--organisation",
        organisation,
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert made.returncode == 0, made.stderr
    result = run(settings, "demo", "--organisation", organisation)
    assert result.returncode == 0, result.stderr
    assert "/s/" in result.stdout  # the signing link is still there
    assert "author@example.com" not in result.stdout and "password:" not in result.stdout
    assert "with your own account" in result.stdout

    async def demo_users() -> int:
        org = await existing_organisation(organisation)
        return await DesignerUser.count().where(
            (DesignerUser.organisation == org) & (DesignerUser.email == "author@example.com")
        )

    assert asyncio.run(demo_users()) == 0


async def test_users_given_access_from_the_terminal_are_on_the_audit_trail(
    client: AsyncTestClient,
) -> None:
    """`formseal createuser --password-stdin` (and a reset, or a new role, the same way) is
    on Settings → Audit trail like the Users screen's changes; it was not (only --invite was),
    so an administrator could be added from a terminal with no trace in the organisation."""
    from runtime.accounts.service import ensure_organisation

    org = await ensure_organisation(f"Terminal {uuid.uuid4().hex[:6]}")
    admin = Author(f"admin-{uuid.uuid4().hex[:6]}@example.com", "a long pass phrase", org)
    assert await ensure_author(org, admin.email, admin.password)
    added = f"kim-{uuid.uuid4().hex[:6]}@example.com"
    assert await ensure_author(org, added, "another long phrase", role="viewer")
    assert not await ensure_author(org, added, "a third long phrase", role="sender")
    await sign_in(client, admin)
    trail = (await client.get("/designer/settings/audit")).text
    assert f"Added {admin.email} as Administrator" in trail
    assert f"Added {added} as Viewer" in trail
    assert f"Set a new password for {added}" in trail
    assert f"Changed the role of {added} from Viewer to Sender" in trail
    assert trail.count("formseal createuser") == 4
