"""What an administrator sees when formseal cannot start: one line saying what is wrong
and what to do, exit status 1, never a traceback (docs/deploy.md, "When formseal does not
start")."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import uuid
from pathlib import Path

import asyncpg
import pytest

from runtime.sealing.keys import ensure_sealing_identity
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_url
from tests.integration.cli_startup_helpers import FORMSEAL, _free_port, one_line_error, run


def test_a_database_that_does_not_answer(tmp_path: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{_free_port()}/formseal"  # nobody listens there
    for command in (
        ["migrate"],
        ["migrate", "--check"],
        ["worker"],
        ["serve", "--port", str(_free_port())],
        ["demo"],
    ):
        line = one_line_error(run(tmp_path, *command, FORMSEAL_DATABASE_URL=url))
        assert "connection refused" in line and "FORMSEAL_DATABASE_URL" in line, command


def test_a_database_that_does_not_exist_and_a_user_that_does_not(tmp_path: Path) -> None:
    missing = _postgres_url("formseal_no_such_database")
    line = one_line_error(run(tmp_path, "migrate", FORMSEAL_DATABASE_URL=missing))
    assert 'database "formseal_no_such_database" does not exist' in line and "createdb" in line
    stranger = _postgres_url("test").replace("postgres@", "nobody_here:pw@", 1)
    line = one_line_error(run(tmp_path, "worker", FORMSEAL_DATABASE_URL=stranger))
    assert 'role "nobody_here" does not exist' in line and ":pw@" not in line


async def _as_postgres(sql: str, url: str = POSTGRES_ADMIN_URL) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def test_a_database_the_user_does_not_own(tmp_path: Path) -> None:
    """`createdb` without `-O formseal`: on PostgreSQL 15 only the owner may create tables,
    and `formseal migrate` stopped with a traceback (permission denied for schema public).
    Tables made by another user: serve and worker asked to run `formseal migrate`."""
    name = f"formseal_not_owned_{uuid.uuid4().hex[:8]}"
    asyncio.run(_as_postgres(f"CREATE ROLE \"{name}\" LOGIN PASSWORD 'pw'"))
    try:
        asyncio.run(_as_postgres(f'CREATE DATABASE "{name}"'))  # owned by postgres
        asyncio.run(_as_postgres("REVOKE CREATE ON SCHEMA public FROM PUBLIC", _postgres_url(name)))
        url = _postgres_url(name).replace("postgres@", f"{name}:pw@", 1)
        line = one_line_error(run(tmp_path, "migrate", FORMSEAL_DATABASE_URL=url))
        # migrated as postgres: the worker said "28 migration(s) pending: run migrate first"
        assert run(tmp_path, "migrate", FORMSEAL_DATABASE_URL=_postgres_url(name)).returncode == 0
        tables = one_line_error(run(tmp_path, "worker", FORMSEAL_DATABASE_URL=url))
    finally:
        asyncio.run(_as_postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        asyncio.run(_as_postgres(f'DROP ROLE IF EXISTS "{name}"'))
    assert "refused: permission denied for schema public." in line
    assert f"`createdb -O {name} <database>`" in line and ":pw@" not in line
    assert "refused: permission denied for table migration. Its tables belong to another " in (
        tables
    )
    assert f"`formseal migrate` and `pg_restore --no-owner` as {name}," in tables


@pytest.mark.parametrize(
    "url", ["mysql://root@db/formseal", "postgresq://postgres@127.0.0.1/x", "sqlite:///x.db"]
)
def test_a_database_url_that_is_not_postgresql_is_refused_not_replaced_by_sqlite(
    tmp_path: Path, url: str
) -> None:
    line = one_line_error(run(tmp_path, "migrate", FORMSEAL_DATABASE_URL=url))
    assert "FORMSEAL_DATABASE_URL must start with postgresql://" in line
    assert not (tmp_path / "formseal.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        # nobody listens there: without the check, the test fills no real database
        ("postgresql://postgres@127.0.0.1:{port}", "names no database: end it with /<database>"),
        ("postgresql://postgres@127.0.0.1:{port}/", "names no database: end it with /<database>"),
        ("postgresql://postgres@127.0.0.1:54a2/formseal", "has a port that is not a number"),
        # a password with an unencoded "/": the rest reads as the port, and is never shown
        ("postgresql://formseal:se/cret@db/formseal", "percent-encoded (%40, %3A, %2F)"),
    ],
    ids=["no-database", "no-database-slash", "port-not-a-number", "password-slash"],
)
def test_a_database_url_without_a_database_or_with_a_bad_port(
    tmp_path: Path, url: str, said: str
) -> None:
    """Without a database name, migrate filled PostgreSQL's default database (the user's);
    a port that is not a number stopped every command with a traceback."""
    url = url.format(port=_free_port())
    for command in (["migrate"], ["migrate", "--check"], ["serve", "--port", "0"]):
        line = one_line_error(run(tmp_path, *command, FORMSEAL_DATABASE_URL=url))
        assert line.startswith("Error: FORMSEAL_DATABASE_URL ") and said in line, command
        assert "se/cret" not in line and "cret" not in line


def test_several_hosts_are_taken(tmp_path: Path) -> None:
    """libpq's several hosts (failover): the port check must not refuse them, and naming
    the database in an error stopped with a traceback (urlsplit cannot read their ports)."""
    url = f"postgresql://postgres@127.0.0.1:{_free_port()},127.0.0.1:{_free_port()}/formseal"
    line = one_line_error(run(tmp_path, "migrate", FORMSEAL_DATABASE_URL=url))
    hosts = url.removeprefix("postgresql://postgres@").removesuffix("/formseal")
    assert line.startswith(f"Error: Cannot connect to PostgreSQL at postgresql://postgres@{hosts}/")


def test_a_port_above_65535_or_0(tmp_path: Path) -> None:
    """70000 stopped with a traceback (bind(): port must be 0-65535); `--port 0` was
    dropped, and serve took FORMSEAL_PORT instead (here one that says so at once)."""
    said = "Error: Cannot listen on 127.0.0.1:70000: a port is a number from 1 to 65535."
    line = one_line_error(run(tmp_path, "serve", "--port", "70000"))
    assert line == said + " Check --port or FORMSEAL_PORT."
    assert one_line_error(run(tmp_path, "serve", FORMSEAL_PORT="70000")).startswith(said)
    line = one_line_error(run(tmp_path, "serve", "--port", "0", FORMSEAL_PORT="80a"))
    assert line.startswith("Error: Cannot listen on 127.0.0.1:0: a port is a number from 1 ")


def test_workers_0_is_refused(tmp_path: Path) -> None:
    """`serve --workers 0` (or -1) ran one web process without a word."""
    for workers in ("0", "-1"):
        line = one_line_error(run(tmp_path, "serve", "--workers", workers))
        assert line == (
            f"Error: Cannot start {workers} web processes: --workers is a number from 1 up."
        )


def test_a_worker_for_a_job_kind_that_does_not_exist(tmp_path: Path) -> None:
    """`--kind seals` started a worker that ran nothing, for good, without a word."""
    assert run(tmp_path, "migrate").returncode == 0
    line = one_line_error(run(tmp_path, "worker", "--kind", "seal", "--kind", "seals"))
    assert line.startswith("Error: --kind 'seals' is not a job kind; the kinds are auto_sign, ")
    assert ", designer_invitation_mail, " in line and ", seal, webhook." in line


def test_a_theme_that_is_not_there(tmp_path: Path) -> None:
    """A misspelt FORMSEAL_THEME fell back to the default look without a word; a themes
    folder without `default` started a server whose every page failed."""
    themes = tmp_path / "themes"
    (themes / "acme").mkdir(parents=True)
    line = one_line_error(run(tmp_path, "serve", FORMSEAL_THEMES_DIR=str(themes)))
    assert line.startswith(f"Error: FORMSEAL_THEMES_DIR {themes} holds no default theme ")
    (themes / "default").mkdir()  # (only the folders are looked at before start)
    for command in (["serve", "--port", str(_free_port())], ["worker"]):
        line = one_line_error(
            run(tmp_path, *command, FORMSEAL_THEMES_DIR=str(themes), FORMSEAL_THEME="acm")
        )
        assert line == (
            f"Error: FORMSEAL_THEME='acm' is not a theme in {themes}: the themes there are "
            "acme, default (`formseal theme new NAME` starts one)."
        ), command


def test_a_setting_that_is_not_a_number(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path, "serve", FORMSEAL_PORT="80a"))
    assert line == "Error: FORMSEAL_PORT='80a' is not a whole number."


def test_worker_and_serve_before_migrations(tmp_path: Path) -> None:
    for command in (["worker"], ["serve", "--port", str(_free_port())]):
        line = one_line_error(run(tmp_path, *command))
        assert "is not up to date (" in line and "run `formseal migrate` first" in line
    line = one_line_error(run(tmp_path, "apikey", "create"))
    assert "has no formseal tables yet: run `formseal migrate` first" in line


def test_migrate_lists_what_it_applied(tmp_path: Path) -> None:
    first = run(tmp_path, "migrate")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Applied ") and "already complete" not in first.stdout
    again = run(tmp_path, "migrate")
    assert again.stdout == "Database is up to date.\n"


def test_a_missing_sealing_key_and_a_port_in_use(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate").returncode == 0
    ensure_sealing_identity(tmp_path / "keys")  # as on the first start
    (tmp_path / "keys" / "seal.key.pem").unlink()
    for command in (["worker"], ["serve", "--port", str(_free_port())]):
        line = one_line_error(run(tmp_path, *command))
        assert "Could not load the sealing key" in line and "seal.key.pem" in line

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line_error(run(tmp_path, "serve", "--port", str(port)))
    assert line.startswith(f"Error: Cannot listen on 127.0.0.1:{port}: already in use.")


def test_the_worker_logs_in_the_configured_format_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
) -> None:
    """systemd stops a worker with SIGTERM: it says so in FORMSEAL_LOG_FORMAT and exits 0
    (before, it logged nothing in JSON and died at once, mid-job)."""
    assert run(tmp_path, "migrate").returncode == 0
    environ = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(tmp_path),
        "FORMSEAL_DATABASE_URL": "",
        "FORMSEAL_LOG_FORMAT": "json",
        "FORMSEAL_SEAL_PROCESSES": "1",
    }
    worker = subprocess.Popen([*FORMSEAL, "worker"], env=environ, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stderr is not None
        started = json.loads(worker.stderr.readline())
        assert started["logger"] == "formseal.worker" and started["level"] == "info"
        assert started["message"] == "worker started: jobs of every kind, 1 seal process(es)"
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0
        rest = worker.stderr.read()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert json.loads(rest.splitlines()[0])["message"] == "worker stopped"
    assert "Traceback" not in rest and "leaked" not in rest


def test_a_log_format_that_does_not_exist(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path, "serve", FORMSEAL_LOG_FORMAT="xml"))
    assert line == "Error: FORMSEAL_LOG_FORMAT must be text or json, not 'xml'"


def test_a_backup_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    assert run(var_dir, "migrate").returncode == 0  # no file stored, no sealing key made yet
    done = run(var_dir, "backup", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "backup").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "backup" / "formseal.sqlite3").is_file()
    assert "Files:    " in done.stdout and "(empty)" in done.stdout
    assert "no sealing key made yet" in done.stdout


def test_the_metrics_folder_is_made_when_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Missing, every request logged a traceback and /metrics answered 500."""
    from runtime.preflight import StartupProblem, check_metrics_dir

    folder = tmp_path / "run" / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    check_metrics_dir()
    assert folder.is_dir()
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "file" / "metrics"))
    with pytest.raises(StartupProblem, match="Cannot create PROMETHEUS_MULTIPROC_DIR"):
        check_metrics_dir()
