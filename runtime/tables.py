"""The engine's tables: what is stored and run.

Ids that appear in URLs are random UUIDs, never counters. Timestamps are UTC.
JSON columns are read with `.output(load_json=True)`.
"""

from piccolo.columns import (
    JSON,
    UUID,
    BigInt,
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


class Organisation(Table):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    slug = Varchar(length=100, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    # embedding in intranet pages: who may frame us, and how their JWTs are checked
    embed_origins = Text(default="")
    embed_secret = Varchar(length=100, default="")
    embed_jwks_url = Varchar(length=2000, default="")
    embed_issuer = Varchar(length=500, default="")
    embed_audience = Varchar(length=200, default="formseal")
    embed_max_age_seconds = Integer(default=300)
    # consent to electronic records shown to signers; empty: the theme's default wording
    consent_text = Text(default="")
    # groups (runtime/organisations): a subsidiary names its parent organisation; NULL at the top
    parent = UUID(null=True, default=None, index=True)
    # the name used in PDFs, mails and the certificate of completion; empty: `name`
    legal_name = Varchar(length=300, default="")
    # brand (themes/ and runtime/branding): empty values fall back to the parent's, then the theme's
    theme = Varchar(length=60, default="")
    brand_logo = UUID(null=True, default=None)  # a StoredFile id (kind "brand_logo")
    brand_colour = Varchar(length=7, default="")  # "#RRGGBB"
    brand_font = Varchar(length=60, default="")
    mail_sender_name = Varchar(length=200, default="")
    footer_text = Text(default="")
    # designer users who sign in with a password must turn on two-step verification
    require_two_step = Boolean(default=False)


class ApiKey(Table):
    """A bearer key; only its sha256 is stored, the prefix identifies it in lists."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    name = Varchar(length=200)
    prefix = Varchar(length=16)
    key_hash = Varchar(length=64, unique=True, index=True)
    scopes = Varchar(length=100, default="read,send,admin")
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    """Updated at most every few minutes (runtime/accounts/service.py: USED_EVERY)."""


class Template(Table):
    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    slug = Varchar(length=120, index=True)
    name = Varchar(length=200)
    status = Varchar(length=20, default="active")
    latest_version = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    # retention: finished envelopes are purged this many days after they ended; NULL keeps them
    retention_days = Integer(null=True, default=None)
    # groups: subsidiaries of the owner may send it; whose name it goes out in ("own": the
    # sending organisation's, "owner": the template owner's, "choice": the sender picks)
    shared_with_subsidiaries = Boolean(default=False)
    send_as = Varchar(length=20, default="own")


class TemplateVersion(Table):
    """An immutable, published definition; envelopes always point at one."""

    id = UUID(primary_key=True)
    template = ForeignKey(references=Template, null=False)
    number = Integer()
    definition = JSON()
    sha256 = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())


class StoredFile(Table):
    """A file kept outside the database (var/files by default), named by a generated id."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    kind = Varchar(length=30)
    path = Varchar(length=300)
    sha256 = Varchar(length=64)
    size = BigInt()
    content_type = Varchar(length=100)
    original_name = Varchar(length=255, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    # who uploaded it ("recipient:<id>" for a signer's attachment); empty for the engine's own
    owner = Varchar(length=64, default="", index=True)


class Envelope(Table):
    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    template_version = ForeignKey(references=TemplateVersion, null=False)
    status = Varchar(length=20, default="draft", index=True)
    prefill = JSON(default={})
    answers = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    completed_at = Timestamptz(null=True, default=None)
    sealed_file = ForeignKey(references=StoredFile, null=True, default=None)
    message = Text(default="")
    expires_at = Timestamptz(null=True, default=None)
    reminder_first_days = Integer(default=2)
    reminder_every_days = Integer(default=3)
    reminder_max = Integer(default=5)
    decline_reason = Text(default="")
    sender_email = Varchar(length=254, default="")
    # unique through the index envelope_bulk_key_unique (SQLite cannot add UNIQUE columns)
    bulk_key = Varchar(length=80, null=True, default=None)
    # archive search: folded words (names, emails, template name, answers); see runtime/archive
    search_document = Text(default="")
    # retention: when personal data and files were purged (the row stays as an audit stub)
    purged_at = Timestamptz(null=True, default=None)
    # groups: the organisation whose legal name and brand the envelope presents; NULL: its own
    sent_as = UUID(null=True, default=None)
    # what made it: "designer", "api", "cli", "embed", "link", "demo" (runtime/envelopes/origin)
    sent_via = Varchar(length=20, default="")


class EnvelopeTag(Table):
    """A label on an envelope ("hr", "2026-q3"), for filtering the archive."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    envelope = ForeignKey(references=Envelope, null=False, index=True)
    tag = Varchar(length=40)


class BulkSend(Table):
    """One upload of rows, each becoming an envelope; progress is visible while a job works."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    template = ForeignKey(references=Template, null=False)
    status = Varchar(length=20, default="queued")
    filename = Varchar(length=255, default="")
    total = Integer(default=0)
    created = Integer(default=0)
    # rows not sent: skipped at confirmation or refused while the job ran, with reasons
    failed = Integer(default=0)
    failures = JSON(default=[])
    rows = JSON(default=[])
    options = JSON(default={})
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)


class Recipient(Table):
    """A person playing a role; reaches the envelope with a token whose sha256 is stored."""

    id = UUID(primary_key=True)
    envelope = ForeignKey(references=Envelope, null=False, index=True)
    role = Varchar(length=64)
    name = Varchar(length=200)
    email = Varchar(length=254)
    stage = Integer(default=1)
    status = Varchar(length=20, default="pending")
    token_hash = Varchar(length=64, unique=True, index=True)
    answers = JSON(default={})
    current_step = Integer(default=0)
    viewed_at = Timestamptz(null=True, default=None)
    completed_at = Timestamptz(null=True, default=None)
    ip = Varchar(length=64, default="")
    user_agent = Varchar(length=400, default="")
    kind = Varchar(length=20, default="signer")
    token_salt = Varchar(length=64, default="")
    reminders_sent = Integer(default=0)
    decline_reason = Text(default="")
    embed_origin = Varchar(length=300, default="")
    external_subject = Varchar(length=300, default="", index=True)
    # the signer's wizard: typed but not yet accepted values (autosave), chosen language
    draft = JSON(default={})
    # one more on every write of the draft: a write lands only on the version it read
    # (runtime/signing/drafts.py), so two crossing requests cannot undo each other
    draft_version = Integer(default=0)
    language = Varchar(length=16, default="")
    # consent to electronic records: the sha256 of the text agreed to, and when
    consent_sha256 = Varchar(length=64, default="")
    consent_at = Timestamptz(null=True, default=None)
    # identity checks: phone for SMS codes, an access code's hash, failures and lock-out
    phone = Varchar(length=40, default="")
    access_code_hash = Varchar(length=200, default="")
    identity_failures = Integer(default=0)
    identity_locked_until = Timestamptz(null=True, default=None)


class IdentityCode(Table):
    """A one-time code sent by email or SMS; only its keyed hash is stored."""

    id = UUID(primary_key=True)
    recipient = ForeignKey(references=Recipient, null=False, index=True)
    method = Varchar(length=20)
    code_hash = Varchar(length=64)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    """Append-only; each event carries the hash of the one before it in its envelope."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    envelope = ForeignKey(references=Envelope, null=True, default=None, index=True)
    action = Varchar(length=64)
    actor = Varchar(length=300, default="")
    ip = Varchar(length=64, default="")
    data = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    prev_hash = Varchar(length=64, default="")
    hash = Varchar(length=64)


class Job(Table):
    """Durable background work; `dedupe_key` makes queuing the same work twice a no-op.

    `organisation` is whose work it is (Settings → Problems lists an organisation's by it,
    index `job_organisation_status`); NULL for instance-wide housekeeping (the retention
    purge). Jobs queued before it existed were filled in from their payload (migration
    2026-11-28T14:00)."""

    id = Serial(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=True, default=None)
    kind = Varchar(length=40, index=True)
    payload = JSON(default={})
    status = Varchar(length=20, default="queued", index=True)
    dedupe_key = Varchar(length=200, null=True, default=None, unique=True)
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    run_after = Timestamptz(default=TimestamptzNow())
    locked_until = Timestamptz(null=True, default=None)
    locked_by = Varchar(length=100, default="")
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)


class WebhookEndpoint(Table):
    """Where an organisation wants events posted; the secret signs every delivery."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False)
    url = Varchar(length=2000)
    secret = Varchar(length=100)
    events = Varchar(length=500, default="*")
    description = Varchar(length=200, default="")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class WebhookDelivery(Table):
    """One event for one endpoint, with every attempt's outcome (the delivery log)."""

    id = UUID(primary_key=True)
    endpoint = ForeignKey(references=WebhookEndpoint, null=False, index=True)
    event_id = UUID()
    event_type = Varchar(length=60)
    payload = JSON(default={})
    status = Varchar(length=20, default="pending")
    attempts = Integer(default=0)
    last_status_code = Integer(null=True, default=None)
    response_excerpt = Text(default="")
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    delivered_at = Timestamptz(null=True, default=None)
    """When the receiver last accepted it (2xx); kept when a later redelivery fails."""
    last_attempt_at = Timestamptz(null=True, default=None)
    """When it was last sent (whatever came of it); `status` is that attempt's outcome."""


class Stamp(Table):
    """A company stamp image an organisation uploaded (runtime/stamps). Never edited:
    a new image is a new stamp; a retired one is deactivated, so sealed records keep it."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(references=Organisation, null=False, index=True)
    name = Varchar(length=120)
    file = ForeignKey(references=StoredFile, null=False)
    sha256 = Varchar(length=64)
    content_type = Varchar(length=40, default="image/png")
    width = Integer(default=0)
    height = Integer(default=0)
    active = Boolean(default=True)
    is_default = Boolean(default=False)
    # may an organisation role apply it automatically (auto-sign) without anyone present
    auto_sign = Boolean(default=True)
    # designer user ids (strings) who may apply it by hand besides admins
    granted_to = JSON(default=[])
    # groups: subsidiaries of the owner may use it (still subject to `granted_to`)
    shared_with_subsidiaries = Boolean(default=False)
    created_by = Varchar(length=254, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    deactivated_at = Timestamptz(null=True, default=None)


class RateLimitSlot(Table):
    """How many requests one caller made in one minute, for one rate limit, shared by every
    process (runtime/web/limits.py). `slot` is "<bucket>|<caller>|<minute>"; rows whose
    `expires_at` (epoch seconds) has passed are deleted by the worker's sweep.

    Running job workers check in here too (runtime/jobs/heartbeat.py): `slot` is
    "worker|<worker id>|<kinds>", `hits` their check-ins, `expires_at` when they count as
    gone."""

    slot = Varchar(length=200, primary_key=True)
    hits = Integer(default=0)
    expires_at = BigInt(default=0, index=True)


class IdempotencyKey(Table):
    """A create sent with an `Idempotency-Key` header (runtime/envelopes/idempotency.py):
    `slot` is "<organisation id>|<key>", `request_sha256` the body's hash, `status_code` 0
    while the first request runs, then its answer (`response`, JSON) to give again.
    Rows older than a day (`created_at`, epoch seconds) are deleted."""

    slot = Varchar(length=400, primary_key=True)
    request_sha256 = Varchar(length=64, default="")
    status_code = Integer(default=0)
    response = Text(default="")
    created_at = BigInt(default=0, index=True)


TABLES: list[type[Table]] = [
    Organisation,
    ApiKey,
    Template,
    TemplateVersion,
    StoredFile,
    Envelope,
    Recipient,
    IdentityCode,
    AuditEvent,
    Job,
    BulkSend,
    WebhookEndpoint,
    WebhookDelivery,
    EnvelopeTag,
    Stamp,
    RateLimitSlot,
    IdempotencyKey,
]

__all__ = ["TABLES", "Boolean"]
