"""`formseal backup DEST`: a consistent copy of one installation, while it runs.

Order matters: the database first, then the files, so every StoredFile row in the copy
has its file (files written after the database copy are merely extra). The secret key is
deliberately left out: kept beside the database it would let anyone rebuild open signing
links (docs/deploy.md, Secrets). Restore is copying the folders back (docs/deploy.md).
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from runtime.settings import Settings


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass(frozen=True)
class BackupReport:
    database: str
    files: str
    keys: str


def backup(settings: Settings, destination: Path) -> BackupReport:
    """Write the database, the files (from var/files) and var/keys under `destination`.
    A folder it made is removed again when the backup fails: no half backup is left."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: back up into a new folder.")
    if not settings.uses_postgres and not settings.database_path.is_file():
        # (sqlite3 would have made an empty database there, and backed that up)
        raise BackupError(
            f"There is no database at {settings.database_path.absolute()}: check "
            "FORMSEAL_VAR_DIR (relative to the folder formseal runs in) and FORMSEAL_DATABASE_URL."
        )
    made = not destination.exists()
    destination.mkdir(parents=True, exist_ok=True)
    try:
        return _copy(settings, destination)
    except BaseException:
        if made:
            shutil.rmtree(destination, ignore_errors=True)
        raise


def _copy(settings: Settings, destination: Path) -> BackupReport:
    # Personal data, signing-link hashes and the sealing key: for the formseal user only.
    destination.chmod(0o700)
    database = _database(settings, destination)
    if settings.storage_url:
        files = (
            f"not copied: files are in {settings.storage_url.split('?')[0]} (back up the bucket)"
        )
    else:
        if settings.files_dir.is_dir():
            shutil.copytree(settings.files_dir, destination / "files", ignore=_skip_temporary)
        else:  # nothing stored yet (a new installation)
            (destination / "files").mkdir()
        files = str(destination / "files")
        if not any((destination / "files").iterdir()):
            files += " (empty)"
    keys = str(destination / "keys")
    if settings.keys_dir.is_dir():
        shutil.copytree(settings.keys_dir, destination / "keys", ignore=_skip_temporary)
    else:
        (destination / "keys").mkdir()
    if not (destination / "keys" / "seal.pem").exists():  # made on the first serve or worker
        keys += " (empty: no sealing key made yet)"
    (destination / "keys").chmod(0o700)
    return BackupReport(database=database, files=files, keys=keys)


def _database(settings: Settings, destination: Path) -> str:
    if settings.uses_postgres:
        program = shutil.which("pg_dump")
        if program is None:
            raise BackupError("pg_dump is not installed (apt-get install postgresql-client).")
        target = destination / "formseal.pgdump"
        url, password = _split_password(settings.database_url)
        environ = {**os.environ, **({"PGPASSWORD": password} if password else {})}
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [program, "--format=custom", f"--file={target}", url],
            capture_output=True,
            text=True,
            check=False,
            env=environ,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return str(target)
    target = destination / "formseal.sqlite3"
    # SQLite's online backup: a consistent copy even while the app writes (WAL included).
    with sqlite3.connect(settings.database_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return str(target)


def _split_password(url: str) -> tuple[str, str]:
    """The URL without its password, and the password: a password on pg_dump's command line
    could be read by every user of the machine (ps, /proc/<pid>/cmdline) while it runs."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url, ""
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=f"{user}@{hostport}")), unquote(password)


def _skip_temporary(folder: str, names: list[str]) -> set[str]:
    """Half-written uploads, readiness and write probes, lock files and the thumbnail cache."""
    return {
        n
        for n in names
        if n.endswith(".part")
        or n.startswith((".ready-", ".write-probe-", ".keys.lock"))
        or n == "thumbs"
    }
