"""What `formseal serve` and `formseal worker` check before they start, and the one-line
messages an administrator sees instead of a traceback when the database is down or not
migrated, FORMSEAL_DATABASE_URL is wrong, the port is taken or the sealing key is missing.

Checking first matters most for `serve`: uvicorn reports a failed start as a long
traceback in the log, after formseal already said it was running.
"""

import asyncio
import errno
import os
import socket
import sqlite3
from urllib.parse import urlsplit

from runtime.settings import Settings

MIGRATE_FIRST = "run `formseal migrate` first"


class StartupProblem(Exception):
    """Something an administrator must fix before formseal can start; the text says what."""


def where(settings: Settings) -> str:
    """The database named as in FORMSEAL_DATABASE_URL, without a password."""
    if not settings.uses_postgres:
        return f"the SQLite database {settings.database_path}"
    parts = urlsplit(settings.database_url)
    user = f"{parts.username}@" if parts.username else ""
    hosts = parts.netloc.rpartition("@")[2]  # as written: one host, or several (h1,h2:5433)
    return f"PostgreSQL at {parts.scheme}://{user}{hosts}{parts.path}"


def database_problem(exc: BaseException, settings: Settings) -> str | None:
    """A one-line explanation when `exc` means the database cannot be used as configured;
    None for anything else (a bug, which should keep its traceback)."""
    import asyncpg.exceptions as pg

    if isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        return database_problem(exc.exceptions[0], settings)
    db = where(settings)
    if isinstance(exc, socket.gaierror):
        host = urlsplit(settings.database_url).hostname
        return f"Cannot find the database host {host!r} (FORMSEAL_DATABASE_URL): {exc.strerror}."
    if isinstance(exc, ConnectionRefusedError) or (
        isinstance(exc, OSError) and exc.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH)
    ):
        return (
            f"Cannot connect to {db}: connection refused. Is the database server running, "
            "and is FORMSEAL_DATABASE_URL right?"
        )
    if isinstance(exc, TimeoutError):
        return f"{db} did not answer in time. Is FORMSEAL_DATABASE_URL right?"
    if isinstance(exc, pg.InvalidCatalogNameError):
        return f"{exc} ({db}): create it (createdb), then {MIGRATE_FIRST}."
    if isinstance(exc, pg.InvalidAuthorizationSpecificationError | pg.InvalidPasswordError):
        return f"{db} refused the sign-in: {exc}. Check the user and password in FORMSEAL_DATABASE_URL."
    if isinstance(exc, pg.InsufficientPrivilegeError):
        # e.g. "permission denied for schema public": made with `createdb` without -O (on
        # PostgreSQL 15 only the owner may create tables), or migrated as another user
        user = urlsplit(settings.database_url).username or "the user"
        if "for schema" in str(exc):
            return (
                f"{db} refused: {exc}. {user} must own the database and its tables: create "
                f"it with `createdb -O {user} <database>` (or, as postgres, `ALTER DATABASE "
                f"<database> OWNER TO {user}`), and run `formseal migrate` as {user}."
            )
        return (  # "for table migration": migrated, or restored, as another user
            f"{db} refused: {exc}. Its tables belong to another database user: run "
            f"`formseal migrate` and `pg_restore --no-owner` as {user}, in a database {user} "
            f"owns (`createdb -O {user} <database>`)."
        )
    if isinstance(exc, pg.UndefinedTableError) or (
        isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc)
    ):
        return f"{db} has no formseal tables yet: {MIGRATE_FIRST}."
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
        return f"Cannot open {db}: check FORMSEAL_VAR_DIR and its permissions."
    return None


def check_port(host: str, port: int) -> None:
    """Refuse to start when another process already listens on host:port."""
    # 70000: bind() raised OverflowError, a traceback; 0: uvicorn took any free port
    if not 1 <= port <= 65535:
        raise StartupProblem(
            f"Cannot listen on {host}:{port}: a port is a number from 1 to 65535. "
            "Check --port or FORMSEAL_PORT."
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind((host, port))
        except OSError as exc:
            port_choice = "choose another port with --port or FORMSEAL_PORT"
            if exc.errno == errno.EADDRINUSE:
                advice = f"already in use. Stop the other process, or {port_choice}"
            elif exc.errno == errno.EACCES and port < 1024:  # said "Stop the other process"
                advice = (
                    "ports below 1024 need root. Serve on a higher port behind nginx "
                    f"(docs/deploy.md): {port_choice}"
                )
            elif exc.errno == errno.EADDRNOTAVAIL:
                advice = "this machine has no such address. Check --host or FORMSEAL_HOST"
            else:
                advice = f"{exc.strerror}. Check --host or FORMSEAL_HOST, or {port_choice}"
            raise StartupProblem(f"Cannot listen on {host}:{port}: {advice}.") from None


def check_database(settings: Settings) -> None:
    """The database answers and every migration this version knows is applied."""
    from runtime.database import pending_migrations

    try:
        pending = asyncio.run(asyncio.wait_for(pending_migrations(settings), 30))
    except Exception as exc:
        message = database_problem(exc, settings)
        if message is None:
            raise
        raise StartupProblem(message) from None
    if pending:
        raise StartupProblem(
            f"{where(settings)} is not up to date ({len(pending)} migration(s) pending): "
            f"{MIGRATE_FIRST}."
        )


def check_sqlite_writable(settings: Settings) -> None:
    """The SQLite file (and its WAL files) can be written by this user. Left to the first
    write, a file made by `sudo formseal migrate` gave a running server that failed every
    save and a worker logging "attempt to write a readonly database" each minute."""
    if settings.uses_postgres:
        return
    base = settings.database_path
    for path in (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")):
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise StartupProblem(
                f"The SQLite database file {path.absolute()} is read-only for the user formseal "
                f"runs as ({_user()}): give it (and FORMSEAL_VAR_DIR) to that user, and run "
                "`formseal migrate` as that user too."
            )


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def check_sealing_key(settings: Settings) -> None:
    """The sealing key loads (it is made on the very first start)."""
    from runtime.sealing.keys import SealingError, ensure_sealing_identity

    try:
        ensure_sealing_identity(settings.keys_dir)
    except SealingError as exc:
        raise StartupProblem(f"{exc} (see docs/sealing.md).") from None


def check_metrics_dir() -> None:
    """PROMETHEUS_MULTIPROC_DIR must exist before the first request is counted: missing,
    every request logged a traceback and /metrics answered 500. It is made here."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise StartupProblem(
            f"Cannot create PROMETHEUS_MULTIPROC_DIR {folder}: {exc.strerror}."
        ) from None
    if not os.access(folder, os.W_OK):
        raise StartupProblem(f"PROMETHEUS_MULTIPROC_DIR {folder} is not writable.")


def shared_metrics_dir(workers: int) -> str | None:
    """`serve --workers N` without PROMETHEUS_MULTIPROC_DIR: a fresh folder for this run, so
    that /metrics sums the N processes. Without one, each scrape got the counters of
    whichever process answered (7 requests, then 1, then 1: read as counter resets).
    Returns the folder made, for the caller to remove when serve stops."""
    if workers <= 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    import tempfile

    folder = tempfile.mkdtemp(prefix="formseal-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder  # read by the processes uvicorn starts
    return folder


def check_themes(settings: Settings) -> None:
    """The themes folder holds `default` (every theme falls back on it) and the theme
    FORMSEAL_THEME names. A misspelt theme used to fall back to `default` without a word,
    and a themes folder without `default` started a server whose every page failed."""
    from runtime.themes import DEFAULT_THEME, theme_names

    folder = settings.themes_dir
    names = theme_names(folder)
    if DEFAULT_THEME not in names:
        raise StartupProblem(
            f"FORMSEAL_THEMES_DIR {folder} holds no default theme ({DEFAULT_THEME}/), which "
            "every page, mail and PDF falls back on: copy themes/default of the source tree "
            "there, or leave FORMSEAL_THEMES_DIR unset."
        )
    if settings.theme not in names:
        raise StartupProblem(
            f"FORMSEAL_THEME={settings.theme!r} is not a theme in {folder}: the themes there "
            f"are {', '.join(names)} (`formseal theme new NAME` starts one)."
        )
    from runtime.theme_check import theme_problems

    if problems := theme_problems(folder):
        raise StartupProblem(
            f"Templates of a theme in {folder} would fail wherever they are used (signers "
            "would see 'Something went wrong'):\n- " + "\n- ".join(problems)
        )


def before_start(settings: Settings, *, listen: tuple[str, int] | None, seals: bool) -> None:
    """Every check, cheapest first; StartupProblem names the first that fails."""
    settings.ensure_dirs()
    check_themes(settings)
    if listen:
        check_port(*listen)
        check_metrics_dir()
    check_database(settings)
    check_sqlite_writable(settings)
    if seals:
        check_sealing_key(settings)
