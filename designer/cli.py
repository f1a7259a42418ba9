"""`formseal createuser`, and the demo author that `formseal demo` prints.

runtime/cli.py calls `register(main)` once; everything else about authors lives here.
"""

import secrets
import sys
import uuid
from collections.abc import Callable
from typing import Any

import click

from runtime.i18n import LANGUAGES
from runtime.organisations import DEFAULT_ORGANISATION
from runtime.settings import Settings, get_settings

DEMO_EMAIL = "author@example.com"


async def ensure_author(
    organisation_id: uuid.UUID,
    email: str,
    password: str,
    name: str = "",
    role: str | None = None,
    mail_language: str = "",
    actor: str = "formseal createuser",
) -> bool:
    """Create the user (an admin unless `role` says otherwise), or reset an existing user's
    password (and change their role when `role` is given). True when created. Audited in
    the user's organisation, as the Users screen's changes are: someone given access from
    a terminal shows on Settings → Audit trail too."""
    from designer.accounts.service import create_user, normalise_email, set_password
    from designer.tables import DesignerUser
    from runtime import audit

    email = normalise_email(email)
    existing = await DesignerUser.objects().where(DesignerUser.email == email).first()
    if existing is not None:
        await set_password(email, password)
        org = existing.organisation
        await audit.record(org, "designer.user_password_set", actor=actor, data={"email": email})
        if role is not None and role != existing.role:
            await DesignerUser.update({DesignerUser.role: role}).where(DesignerUser.email == email)
            changed = {"email": email, "from": existing.role, "to": role}
            await audit.record(org, "designer.user_role_changed", actor=actor, data=changed)
        return False
    user_id = await create_user(organisation_id, email, password, name=name, role=role or "admin")
    await _set_mail_language(user_id, mail_language)
    made = {"email": email, "role": role or "admin", "mail_language": mail_language}
    await audit.record(organisation_id, "designer.user_created", actor=actor, data=made)
    return True


async def _set_mail_language(user_id: uuid.UUID, code: str) -> None:
    """A new user's mail language ("" leaves it not chosen). Only when they are created: it
    is theirs to change afterwards (docs/decisions/0007-designer-users-mail-language.md)."""
    from designer.tables import DesignerUser

    if code:
        await DesignerUser.update({DesignerUser.mail_language: code}).where(
            DesignerUser.id == user_id
        )


async def invite_author(
    settings: Settings,
    organisation_id: uuid.UUID,
    email: str,
    name: str,
    role: str | None,
    mail_language: str = "",
) -> bool:
    """Create the user without a password and queue an invitation mail; for an existing
    user, a link to choose a new password (and the role when given). True when created."""
    from designer.accounts.invitations import send_link
    from designer.accounts.service import create_user, normalise_email
    from designer.tables import DesignerUser
    from runtime import audit

    existing = (
        await DesignerUser.objects().where(DesignerUser.email == normalise_email(email)).first()
    )
    if existing is not None:
        if role is not None:
            await DesignerUser.update({DesignerUser.role: role}).where(
                DesignerUser.id == existing.id
            )
        await send_link(
            settings,
            existing.organisation,
            existing.id,
            purpose="reset",
            actor="formseal createuser",
        )
        return False
    user_id = await create_user(
        organisation_id, email, "", name=name, role=role or "admin", allow_no_password=True
    )
    await _set_mail_language(user_id, mail_language)  # before the invitation: it is in it
    await audit.record(
        organisation_id,
        "designer.user_created",
        actor="formseal createuser",
        data={
            "email": normalise_email(email),
            "role": role or "admin",
            "mail_language": mail_language,
        },
    )
    await send_link(
        settings, organisation_id, user_id, purpose="invite", actor="formseal createuser"
    )
    return True


async def demo_author(organisation_id: uuid.UUID) -> tuple[str, str]:
    """The demo author with a fresh random password (printed once by `formseal demo`)."""
    from designer.tables import DesignerUser

    password = secrets.token_urlsafe(12)
    await ensure_author(organisation_id, DEMO_EMAIL, password, "Demo author", actor="formseal demo")
    await DesignerUser.update({DesignerUser.organisation: organisation_id}).where(
        DesignerUser.email == DEMO_EMAIL
    )
    return DEMO_EMAIL, password


@click.command()
@click.option("--email", required=True, help="The author's email address (their login).")
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
@click.option("--name", default="", help="Name shown in the designer.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option(
    "--role",
    type=click.Choice(["admin", "author", "sender", "viewer"]),
    default=None,
    help="What the user may do; new users are admins unless this says otherwise.",
)
@click.option(
    "--invite",
    is_flag=True,
    help="No password: mail them a link to choose one (works once, for 7 days). For an "
    "existing user, a link to choose a new password.",
)
@click.option(
    "--mail-language",
    type=click.Choice(list(LANGUAGES)),
    default=None,
    help="Language of the mails formseal sends a new user (their invitation too); not given: "
    "the template's, English for account mails. Theirs to change afterwards on Your account; "
    "an existing user's is left as it is.",
)
@click.option(
    "--two-step-off",
    is_flag=True,
    help="For an existing user who lost their phone and recovery codes: turn off their "
    "two-step verification (nothing else changes). The Users screen does it too.",
)
def createuser(
    email: str,
    organisation: str,
    name: str,
    password_stdin: bool,
    role: str | None,
    invite: bool,
    mail_language: str | None,
    two_step_off: bool,
) -> None:
    """Create a designer user (or reset their password, unlock them, and set --role)."""
    from runtime.accounts.service import existing_organisation
    from runtime.errors import DomainError

    mail_language = mail_language or ""
    if two_step_off:
        _two_step_off(email)
        return

    if invite:
        _invite(email, organisation, name, role, mail_language)
        return
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)

    async def work() -> bool:
        org = await existing_organisation(
            organisation, create_default=DEFAULT_ORGANISATION, create_first=True
        )
        return await ensure_author(org, email, password, name, role, mail_language)

    from runtime.cli import _run  # imported here: runtime.cli imports this module

    try:
        created = _run(get_settings(), work)
    except DomainError as exc:
        click.echo(f"Error: {exc.detail}", err=True)
        sys.exit(1)
    verb = "Created user" if created else "Reset the password of"
    as_role = f" as {role or 'admin'}" if created or role else ""
    click.echo(f"{verb} {email.strip().lower()} in {organisation!r}{as_role}.")
    _said_language(created, mail_language)


def _two_step_off(email: str) -> None:
    """`createuser --two-step-off`: the last administrator's way back in."""

    async def work() -> bool:
        from designer.accounts import two_step
        from designer.accounts.service import normalise_email
        from designer.tables import DesignerLoginChallenge, DesignerUser
        from runtime import audit

        user = (
            await DesignerUser.objects().where(DesignerUser.email == normalise_email(email)).first()
        )
        if user is None:
            click.echo(f"Error: No designer user has the email address {email}.", err=True)
            sys.exit(1)
        if not user.totp_secret:
            return False
        await two_step.turn_off(user.id)
        await DesignerLoginChallenge.delete().where(DesignerLoginChallenge.user == user.id)
        data = {"email": user.email}
        actor = "formseal createuser"
        await audit.record(
            user.organisation, "designer.user_two_step_reset", actor=actor, data=data
        )
        return True

    from runtime.cli import _run  # imported here: runtime.cli imports this module

    turned_off = _run(get_settings(), work)
    who = email.strip().lower()
    if turned_off:
        click.echo(
            f"Two-step verification is off for {who}: they sign in with their password alone "
            "until they turn it on again."
        )
    else:
        click.echo(f"Two-step verification was not on for {who}; nothing changed.")


def _said_language(created: bool, code: str) -> None:
    if code and created:
        click.echo(f"Their mails are in {LANGUAGES[code][1]} ({code}).")
    elif code:
        click.echo("Their mail language is left as it is: they change it on Your account.")


def _invite(email: str, organisation: str, name: str, role: str | None, mail_language: str) -> None:
    from designer.accounts.invitations import VALID_DAYS
    from runtime.accounts.service import existing_organisation
    from runtime.errors import DomainError

    settings = get_settings()

    async def work() -> bool:
        org = await existing_organisation(
            organisation, create_default=DEFAULT_ORGANISATION, create_first=True
        )
        return await invite_author(settings, org, email, name, role, mail_language)

    from runtime.cli import _run  # imported here: runtime.cli imports this module

    try:
        created = _run(settings, work)
    except DomainError as exc:
        click.echo(f"Error: {exc.detail}", err=True)
        sys.exit(1)
    what = (
        f"Invited {email.strip().lower()} to {organisation!r} as {role or 'admin'}"
        if created
        else f"Queued a link to choose a new password for {email.strip().lower()}"
    )
    where = f"SMTP ({settings.smtp_host})" if settings.smtp_host else f"{settings.outbox_dir}"
    click.echo(
        f"{what}. The mail goes out through the job worker (formseal serve or formseal worker) "
        f"to {where}; the link works once, for {VALID_DAYS} days."
    )
    _said_language(created, mail_language)


async def _has_own_users(organisation_id: uuid.UUID) -> bool:
    """Someone other than the demo author works in the organisation: `formseal demo` run
    there to try a form must not add an administrator with a password printed on a terminal,
    nor reset one."""
    from designer.tables import DesignerUser

    return await DesignerUser.exists().where(
        (DesignerUser.organisation == organisation_id) & (DesignerUser.email != DEMO_EMAIL)
    )


async def demo_login(organisation_id: uuid.UUID) -> tuple[str, str | None]:
    """The demo author's login: a new author with a fresh password, or, on a rerun (`make
    run` again, another signing link), the existing author with the password left as it
    is (None): the one an earlier run printed, or chose since, keeps working and no
    designer session ends."""
    from designer.tables import DesignerUser

    if await DesignerUser.exists().where(DesignerUser.email == DEMO_EMAIL):
        await DesignerUser.update({DesignerUser.organisation: organisation_id}).where(
            DesignerUser.email == DEMO_EMAIL
        )
        return DEMO_EMAIL, None
    return await demo_author(organisation_id)


def _with_demo_author(demo: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap `formseal demo`: after its own output, make the demo author and print a login."""

    def run(*args: Any, **kwargs: Any) -> Any:
        result = demo(*args, **kwargs)
        from runtime.accounts.service import ensure_organisation

        settings = get_settings()
        organisation = kwargs.get("organisation") or DEFAULT_ORGANISATION

        async def work() -> tuple[str, str | None] | None:
            organisation_id = await ensure_organisation(organisation)
            if await _has_own_users(organisation_id):
                return None
            return await demo_login(organisation_id)

        from runtime.cli import _run  # imported here: runtime.cli imports this module

        login = _run(settings, work)
        click.echo(f"  Design templates at:                 {settings.base_url}/designer/")
        if login is None:
            click.echo("    with your own account (no demo login is made where people work).")
            click.echo("")
            return result
        email, password = login
        click.echo(f"    email:    {email}")
        if password is None:
            click.echo("    password: unchanged (the user exists: the password an earlier")
            click.echo("    `formseal demo` printed still works; `formseal createuser --email")
            click.echo(f"    {email}` sets a new one)")
        else:
            click.echo(f"    password: {password}")
        click.echo("")
        return result

    return run


def register(main: click.Group) -> None:
    """Add `createuser` to the CLI and the demo author to `formseal demo`."""
    main.add_command(createuser)
    demo = main.commands.get("demo")
    if demo is not None and demo.callback is not None:
        demo.callback = _with_demo_author(demo.callback)
