"""The designer's tables: authors, their sessions, and drafts with their undo history.

A Draft is the editable side of a template. It may be invalid while an author works;
publishing parses it and hands it to runtime.templates.service, which freezes it into an
immutable TemplateVersion. Ids in URLs are random UUIDs; timestamps are UTC.
"""

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from runtime.tables import Organisation, Template


class DesignerUser(Table):
    """A designer user who signs in with email and password (argon2 hash, never the password)
    or through the organisation's OpenID Connect provider (`oidc_subject` links the two).

    `role` is one of admin, author, sender, viewer (designer/accounts/roles.py).
    `mail_language` is the language of the mails formseal sends them (a code of
    runtime/i18n LANGUAGES), or "" when not chosen: the template's language for mails about
    an envelope, English for mails about their account. The designer's screens are English.

    Two-step verification (designer/accounts/two_step.py): `totp_secret` is the authenticator
    app's secret, encrypted with a key derived from the instance secret ("" = off);
    `totp_pending` the same for a secret shown but not yet confirmed with a code;
    `totp_last_step` the last 30-second step whose code was accepted (a code works once)."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    email = Varchar(length=254, unique=True, index=True)
    name = Varchar(length=200, default="")
    password_hash = Varchar(length=200)
    role = Varchar(length=20, default="admin")
    oidc_subject = Varchar(length=255, default="", index=True)
    active = Boolean(default=True)
    mail_language = Varchar(length=10, default="")
    failed_logins = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    last_login_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    totp_secret = Varchar(length=200, default="")
    totp_pending = Varchar(length=200, default="")
    totp_last_step = Integer(default=0)
    totp_enabled_at = Timestamptz(null=True, default=None)


class DesignerSession(Table):
    """A signed-in browser: only the sha256 of the cookie's random token is stored."""

    id = UUID(primary_key=True)
    user = ForeignKey(references=DesignerUser, null=False, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    last_seen_at = Timestamptz(default=TimestamptzNow())
    ip = Varchar(length=64, default="")


class LoginAttempt(Table):
    """Every sign-in attempt, so rate limits hold across processes and restarts."""

    id = Serial(primary_key=True)
    email = Varchar(length=254, default="", index=True)
    ip = Varchar(length=64, default="", index=True)
    ok = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class DesignerInvitation(Table):
    """A one-time "Choose your password" link mailed to a user (designer/accounts/invitations.py).

    The link's token is derived from the instance secret, this row's id and `token_salt`
    (docs/decisions/0002), so the mail job can build it again; only its sha256 is stored.
    `purpose` is "invite" (a new user) or "reset" (a forgotten password). A user has at most
    one open link: a new one deletes the others. `used_at` is set when it is used."""

    id = UUID(primary_key=True)
    user = ForeignKey(references=DesignerUser, null=False, index=True)
    purpose = Varchar(length=20, default="invite")
    token_hash = Varchar(length=64, unique=True, index=True)
    token_salt = Varchar(length=64, default="")
    sent_by = Varchar(length=254, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class DesignerRecoveryCode(Table):
    """A one-time recovery code of two-step verification: only its sha256 is stored; a code
    used to sign in is deleted."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=DesignerUser, null=False, index=True)
    code_hash = Varchar(length=64, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class DesignerLoginChallenge(Table):
    """Half signed in: the right password of a user with two-step verification, waiting for
    their code. Grants nothing (it is no session); its cookie's token is stored as sha256."""

    id = UUID(primary_key=True)
    user = ForeignKey(references=DesignerUser, null=False, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    next_path = Varchar(length=500, default="/designer/")
    ip = Varchar(length=64, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class Draft(Table):
    """The working copy of a template. `template` is set once it has been published."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False, index=True)
    template = ForeignKey(references=Template, null=True, default=None, unique=True)
    name = Varchar(length=200)
    definition = JSON(default={})
    revision = Integer(default=1)
    draft_sha256 = Varchar(length=64, default="")
    published_sha256 = Varchar(length=64, default="")
    published_version = Integer(default=0)
    archived_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    updated_by = Varchar(length=254, default="")


class DraftRevision(Table):
    """One saved state of a draft: undo walks back through these, redo forward."""

    id = Serial(primary_key=True)
    draft = ForeignKey(references=Draft, null=False, index=True)
    revision = Integer()
    definition = JSON(default={})
    summary = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Publication(Table):
    """A publish from the designer: who, which version, and what changed in plain words."""

    id = UUID(primary_key=True)
    draft = ForeignKey(references=Draft, null=False, index=True)
    version = Integer()
    sha256 = Varchar(length=64)
    changes = JSON(default=[])
    published_by = Varchar(length=254, default="")
    created_at = Timestamptz(default=TimestamptzNow())


TABLES: list[type[Table]] = [
    DesignerUser,
    DesignerSession,
    LoginAttempt,
    DesignerInvitation,
    DesignerRecoveryCode,
    DesignerLoginChallenge,
    Draft,
    DraftRevision,
    Publication,
]
