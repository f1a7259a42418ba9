"""One settings object, read from `FORMSEAL_*` environment variables (and `.env`).

Every setting has a name, a default that works on a laptop, and help text; docs/settings.md
lists them all and a test fails when one is missing there.
"""

import errno
import getpass
import os
import secrets
import tempfile
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from runtime.database_url import database_url_problem
from runtime.organisations import DEFAULT_ORGANISATION

ROOT = Path(__file__).resolve().parent.parent
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
PLACEHOLDER_SECRET = "change-me"  # noqa: S105 - the value formseal refuses, not a secret


class SettingsError(ValueError):
    """A FORMSEAL_* value that cannot work; the message names the variable and what is wrong."""


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every knob an operator can turn. Paths are resolved against the working directory."""

    var_dir: Path = _setting(Path("var"), "Folder for the database, files, keys and outbox.")
    database_url: str = _setting(
        "", "Empty for SQLite in var/formseal.sqlite3, or postgresql://user@host:port/db."
    )
    database_pool_size: int = _setting(
        10,
        "Database connections kept open per process for reuse, SQLite and PostgreSQL alike "
        "(0 opens a connection per query).",
    )
    base_url: str = _setting(
        "http://127.0.0.1:8000", "Public address used in signing links, mails and PDF footers."
    )
    secret_key: str = _setting(
        "",
        "Signs CSRF tokens and sessions and derives signing links; generated into var/secret_key when empty. Every process of one installation needs the same value.",
    )
    host: str = _setting("127.0.0.1", "Address `formseal serve` listens on.")
    port: int = _setting(8000, "Port `formseal serve` listens on.")
    themes_dir: Path = _setting(ROOT / "themes", "Folder holding the themes.")
    theme: str = _setting("default", "Theme used for pages, mails and PDFs.")
    run_worker: bool = _setting(True, "Run the job worker inside the web process.")
    worker_poll_seconds: float = _setting(0.5, "How often an idle worker looks for jobs.")
    seal_processes: int = _setting(1, "Processes that render and seal PDFs in parallel.")
    seal_render_seconds: float = _setting(
        60.0, "Time limit for laying out one seal's PDF; past it the seal job fails. 0: none."
    )
    max_upload_bytes: int = _setting(
        20_000_000,
        "Largest file a signer may upload (20 MB of 1,000,000 bytes); a request may be 64 KB larger (the form around it).",
    )
    secure_cookies: bool = _setting(False, "Mark cookies Secure (set true behind HTTPS).")
    debug: bool = _setting(False, "Show tracebacks in error pages (never in production).")
    smtp_host: str = _setting("", "SMTP server; empty writes mails to var/outbox/ instead.")
    smtp_port: int = _setting(25, "SMTP port (587 with STARTTLS, 465 with TLS).")
    smtp_username: str = _setting("", "SMTP user name, if the server needs one.")
    smtp_password: str = _setting("", "SMTP password, if the server needs one.")
    smtp_tls: str = _setting("none", "none, starttls or tls.")
    mail_from: str = _setting("formseal@localhost", "Address mails are sent from.")
    mail_attach_max_bytes: int = _setting(
        10 * 1024 * 1024, "Sealed PDFs larger than this are linked in mails, not attached."
    )
    webhook_allowed_hosts: str = _setting(
        "", "Comma-separated hosts or networks (e.g. 10.0.0.0/8) webhooks may reach inside."
    )
    webhook_timeout_seconds: float = _setting(10.0, "Time a webhook receiver has to answer.")
    jwks_allowed_hosts: str = _setting(
        "",
        "Comma-separated hosts or networks (e.g. 10.0.0.0/8, 127.0.0.1) an organisation's "
        "embedding JWKS URL may reach inside; http:// only on this machine's loopback.",
    )
    api_rate_limit_per_minute: int = _setting(
        600,
        "API requests one key may make per minute, counted across all processes; "
        "0 turns the limit off.",
    )
    signer_rate_limit_per_minute: int = _setting(
        300,
        "Failed signing-link or embed sign-in look-ups, and /verify uploads, one IP address "
        "may make per minute, counted across all processes; 0 turns the limit off.",
    )
    job_lease_seconds: int = _setting(
        300, "How long a worker holds a job before another may take it over."
    )
    job_retry_seconds: float = _setting(
        30.0, "Wait before a failed job's first retry; it doubles with each further attempt."
    )
    designer_session_hours: int = _setting(
        12, "How long an author stays signed in to the designer before signing in again."
    )
    designer_login_max_failures: int = _setting(
        5, "Wrong passwords in a row before a designer account is locked for a while."
    )
    designer_lockout_minutes: int = _setting(
        15, "How long a locked designer account must wait before it may sign in again."
    )
    designer_login_ip_limit: int = _setting(
        30, "Failed designer sign-ins allowed from one IP address per 15 minutes."
    )
    oidc_issuer: str = _setting(
        "",
        "OpenID Connect issuer for designer single sign-on (https://id.example.com/realms/x); "
        "empty: password sign-in only. Discovery is read from <issuer>/.well-known/openid-configuration.",
    )
    oidc_client_id: str = _setting(
        "", "Client id registered for formseal at the identity provider."
    )
    oidc_client_secret: str = _setting(
        "", "Client secret for the token endpoint; empty for a public client (PKCE only)."
    )
    oidc_name: str = _setting(
        "single sign-on", "Shown on the login page as 'Sign in with <name>' (e.g. Okta, Entra ID)."
    )
    oidc_scopes: str = _setting(
        "openid email profile", "Scopes asked for at the identity provider."
    )
    oidc_organisation: str = _setting(
        DEFAULT_ORGANISATION,
        "Organisation that users signing in for the first time through single sign-on join.",
    )
    oidc_create_users: bool = _setting(
        True,
        "Create a designer user on a first single sign-on with a verified email; false: only "
        "users an administrator added may sign in.",
    )
    oidc_default_role: str = _setting(
        "viewer", "Role of users created by single sign-on: admin, author, sender or viewer."
    )
    tsa_url: str = _setting(
        "", "RFC 3161 timestamp authority for seals (PAdES B-T); empty: no timestamp (B-B)."
    )
    tsa_ca_file: str = _setting(
        "",
        "PEM file with the timestamp authority's CA; empty trusts the TSA's certificates "
        "on first use (kept in var/keys/tsa-roots.pem).",
    )
    tsa_timeout_seconds: float = _setting(10.0, "How long the timestamp authority may take.")
    tsa_max_skew_minutes: int = _setting(
        5, "Refuse to seal when the timestamp authority's clock is further off than this."
    )
    seal_ltv: bool = _setting(
        True,
        "Embed revocation data (PAdES B-LT) when the sealing certificate names CRL/OCSP "
        "addresses; needs a TSA and network access to them.",
    )
    stage_signatures: bool = _setting(
        False,
        "Default of the per-stage signatures switch for templates created from now on "
        "(one approval signature per finished stage); authors change it per template.",
    )
    sms_provider: str = _setting(
        "development",
        "How identity codes are texted: development (written to var/outbox/) or http.",
    )
    sms_http_url: str = _setting(
        "", "The http SMS provider POSTs JSON {to, from, text} to this address."
    )
    sms_http_token: str = _setting("", "Bearer token sent to the http SMS provider.")
    sms_from: str = _setting("formseal", "Sender name or number shown on texted codes.")
    sms_timeout_seconds: float = _setting(10.0, "How long the http SMS provider may take.")
    identity_max_failures: int = _setting(
        5, "Wrong identity codes in a row before a recipient is locked out for a while."
    )
    identity_lockout_minutes: int = _setting(
        15,
        "How long a recipient locked out of the identity check must wait the first time; "
        "each further lock-out of the same recipient doubles it, up to a day.",
    )
    identity_code_minutes: int = _setting(10, "How long an emailed or texted code stays valid.")
    signer_attachment_max_files: int = _setting(
        50,
        "Most files one signer may upload in total, over every attachment request; a file "
        "they removed still counts (it is kept for the audit).",
    )
    storage_url: str = _setting(
        "",
        "Empty keeps files in var/files/; s3://bucket/prefix?endpoint=https://host:9000 "
        "keeps them in an S3-compatible bucket.",
    )
    s3_access_key_id: str = _setting(
        "", "Access key for FORMSEAL_STORAGE_URL; empty uses boto3's AWS_* variables or role."
    )
    s3_secret_access_key: str = _setting("", "Secret key that goes with FORMSEAL_S3_ACCESS_KEY_ID.")
    s3_region: str = _setting("", "Region of the bucket (or ?region= in FORMSEAL_STORAGE_URL).")
    metrics_token: str = _setting(
        "", "Bearer token /metrics requires; empty: /metrics answers loopback clients only."
    )
    log_format: str = _setting("text", "Log lines as text or json (one JSON object per line).")
    password_hashing: str = _setting(
        "standard",
        "standard (argon2id, RFC 9106: 64 MiB, 3 passes) or insecure-fast (8 KiB, 1 pass): "
        "for tests and CI only, it makes stolen password and access-code hashes cheap to guess.",
    )

    def __post_init__(self) -> None:
        if problem := database_url_problem(self.database_url):
            raise SettingsError(problem)
        scheme, _, rest = self.base_url.partition("://")
        if scheme not in ("http", "https") or not rest.strip("/"):
            raise SettingsError(
                "FORMSEAL_BASE_URL must be the address people open, with https:// (or http://), "
                f"e.g. https://forms.example.com, not {self.base_url!r}"
            )
        # "https://forms.example.com/" made links such as https://forms.example.com//verify
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        if any(c in rest.rstrip("/") for c in "/?#"):
            # pages link from / (/static/…, /s/<token>/step/1): under a path, a mailed link
            # opened its first page and every link on it missed the proxy's prefix
            raise SettingsError(
                "FORMSEAL_BASE_URL must be a host of its own, without a path: formseal's pages "
                "link from /, so it cannot be served under one (e.g. https://forms.example.com, "
                f"not {self.base_url!r})"
            )
        if self.secret_key.lower().startswith(PLACEHOLDER_SECRET):
            # docs/examples/systemd/formseal.env ships this placeholder: it is public, and
            # with it anyone could forge CSRF tokens and rebuild signing links.
            raise SettingsError(
                "FORMSEAL_SECRET_KEY is still the example's placeholder (change-me…): set it to "
                "a random value, the same in every process, e.g. the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if self.secret_key and len(self.secret_key) < MIN_SECRET_LENGTH:
            # it keys the HMAC of public prefill links, sessions and CSRF tokens: a short
            # one can be found offline from a single link, and then every one forged
            raise SettingsError(
                f"FORMSEAL_SECRET_KEY is {len(self.secret_key)} characters: use at least "
                f"{MIN_SECRET_LENGTH} random ones, the same in every process, e.g. the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        for name, allowed in CHOICES.items():
            # a typo used to pass: FORMSEAL_SMTP_TLS=ssl sent mail (and its password) in clear
            value = str(getattr(self, name)).strip().lower()
            if value not in allowed:
                words = f"{', '.join(allowed[:-1])} or {allowed[-1]}"
                raise SettingsError(
                    f"FORMSEAL_{name.upper()} must be {words}, not {getattr(self, name)!r}"
                )
            object.__setattr__(self, name, value)

    @property
    def database_path(self) -> Path:
        return self.var_dir / "formseal.sqlite3"

    @property
    def files_dir(self) -> Path:
        return self.var_dir / "files"

    @property
    def keys_dir(self) -> Path:
        return self.var_dir / "keys"

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def theme_dir(self) -> Path:
        return self.themes_dir / self.theme

    def ensure_dirs(self) -> None:
        """Create var/ and its folders, and check that this user may write where formseal
        writes: without the check a root-owned or read-only var/ surfaced as a traceback."""
        for path in (self.var_dir, self.files_dir, self.keys_dir, self.outbox_dir):
            try:
                path.mkdir(parents=True, exist_ok=True)
                if path != self.keys_dir:  # the sealing key check names problems there
                    _probe_write(path)
            except OSError as exc:
                raise SettingsError(_not_writable(path, exc)) from None

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in var/secret_key."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(secrets.token_urlsafe(48))
            tmp.chmod(0o600)
            os.replace(tmp, path) if not path.exists() else tmp.unlink()
        return path.read_text().strip()


MIN_SECRET_LENGTH = 32
"""Characters FORMSEAL_SECRET_KEY needs at least (token_urlsafe(48) gives 64)."""

CHOICES = {  # settings that take one of a few words (any case), each refused otherwise
    "smtp_tls": ("none", "starttls", "tls"),
    "sms_provider": ("development", "http"),
    "oidc_default_role": ("admin", "author", "sender", "viewer"),
    "log_format": ("text", "json"),
    "password_hashing": ("standard", "insecure-fast"),
}


def _probe_write(folder: Path) -> None:
    """Create and remove a file in `folder`: the only sure test (read-only mounts, ACLs)."""
    handle, name = tempfile.mkstemp(prefix=".write-probe-", dir=folder)
    os.close(handle)
    os.unlink(name)


def _not_writable(path: Path, exc: OSError) -> str:
    """What an administrator reads when var/ (or a folder in it) cannot be written."""
    where = f"Cannot write in {path.absolute()} (FORMSEAL_VAR_DIR)"
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return f"{where}: a file is in the way where the folder should be."
    if exc.errno == errno.EROFS:
        return f"{where}: the file system is read-only; put FORMSEAL_VAR_DIR on a writable disk."
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = f"uid {os.getuid()}"
    advice = "" if os.getuid() == 0 else f", e.g. sudo chown -R {user} {path.absolute()}"
    return (
        f"{where}: {exc.strerror or exc}. formseal keeps its database, files and mails there: "
        f"make the folder writable by the user formseal runs as ({user}){advice}."
    )


def settings_from_env(environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings from `.env` then the environment (which wins), then explicit overrides."""
    source: dict[str, Any] = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    source.update(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = source.get(f"FORMSEAL_{f.name.upper()}")
        if raw is not None:
            try:
                values[f.name] = _convert(raw, f.default)
            except ValueError:
                if isinstance(f.default, bool):
                    raise SettingsError(
                        f"FORMSEAL_{f.name.upper()}={raw!r} is not true or false "
                        "(write true/false, yes/no, on/off or 1/0)."
                    ) from None
                kind = "whole number" if isinstance(f.default, int) else "number"
                raise SettingsError(f"FORMSEAL_{f.name.upper()}={raw!r} is not a {kind}.") from None
    if not str(source.get("FORMSEAL_BASE_URL") or "").strip():
        values.pop("base_url", None)  # empty is unset (relative links reached no one)
        if {"port", "host"} & values.keys():
            # Links must reach this server: with FORMSEAL_PORT=8080 alone (`make run` when
            # port 8000 is taken) they pointed at port 8000.
            host, port = values.get("host", "127.0.0.1"), values.get("port", 8000)
            values["base_url"] = _local_url(host, port)
    values.update(overrides)
    return Settings(**values)


def _local_url(host: str, port: int) -> str:
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - listening everywhere: link to loopback
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _convert(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        word = raw.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:  # a typo ("ture") used to mean false
            raise ValueError(raw)
        return word in TRUE_WORDS
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw


@lru_cache
def get_settings() -> Settings:
    return settings_from_env()
