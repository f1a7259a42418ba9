"""An administrator's first start, as processes: a var/ folder that cannot be used, the
example's placeholder secret, and another port than 8000 (README: `make run`)."""

import os
import subprocess
import time
from pathlib import Path

import httpx

from tests.integration.cli_startup_helpers import FORMSEAL, _free_port, one_line_error, run


def test_a_var_folder_that_cannot_be_made_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    var_dir = tmp_path / "afile" / "var"
    for command in (["migrate"], ["worker"], ["serve", "--port", "0"], ["demo"]):
        line = one_line_error(run(var_dir, *command))
        assert line == (
            f"Error: Cannot write in {var_dir} (FORMSEAL_VAR_DIR): "
            "a file is in the way where the folder should be."
        ), command


def test_the_placeholder_secret_of_the_example_env_file_is_refused(tmp_path: Path) -> None:
    placeholder = "change-me-to-48-random-characters"  # docs/examples/systemd/formseal.env
    for command in (["migrate"], ["serve", "--port", "0"]):
        line = one_line_error(run(tmp_path, *command, FORMSEAL_SECRET_KEY=placeholder))
        assert "FORMSEAL_SECRET_KEY is still the example's placeholder" in line
    assert not (tmp_path / "formseal.sqlite3").exists()


def test_demo_and_serve_on_another_port_print_links_to_that_port(tmp_path: Path) -> None:
    """With only the port changed, the demo link and every signing link went to port 8000."""
    assert run(tmp_path, "migrate").returncode == 0
    port = _free_port()
    unset = {"FORMSEAL_BASE_URL": ""}  # empty counts as not set
    demo = run(tmp_path, "demo", FORMSEAL_PORT=str(port), **unset)
    assert demo.returncode == 0, demo.stderr
    assert f"Open this link to fill and sign it:  http://127.0.0.1:{port}/s/" in demo.stdout

    server = subprocess.Popen(
        [*FORMSEAL, "serve", "--port", str(port)],
        env={
            **os.environ,
            **unset,
            "FORMSEAL_VAR_DIR": str(tmp_path),
            "FORMSEAL_DATABASE_URL": "",
            "FORMSEAL_SECRET_KEY": "admin-settings-" + "x" * 32,
            "FORMSEAL_RUN_WORKER": "false",
            "PYTHONUNBUFFERED": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError("formseal serve did not answer")
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"formseal is running on http://127.0.0.1:{port}" in out
    assert "Links in mails and pages use FORMSEAL_BASE_URL" not in out  # they use this port


def test_a_backup_of_a_folder_without_a_database_says_so_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """A wrong FORMSEAL_VAR_DIR (or another working folder) gave "Cannot open the SQLite
    database … permissions" and an empty backup folder left behind."""
    destination = tmp_path / "backup"
    line = one_line_error(run(tmp_path / "typo", "backup", str(destination)))
    assert line == (
        f"Error: There is no database at {tmp_path / 'typo' / 'formseal.sqlite3'}: check "
        "FORMSEAL_VAR_DIR (relative to the folder formseal runs in) and FORMSEAL_DATABASE_URL."
    )
    assert not destination.exists() and not (tmp_path / "typo").exists()

    url = "postgresql://postgres@127.0.0.1:1/formseal"  # pg_dump fails: nothing stays behind
    failed = run(tmp_path, "backup", str(destination), FORMSEAL_DATABASE_URL=url)
    assert failed.returncode == 1 and "Error: " in failed.stderr
    assert not destination.exists()
