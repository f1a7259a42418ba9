"""Running `formseal` the first time on a fresh var folder, with nothing set up yet, and
reading the one-line error it stops with."""

import os
import socket
import subprocess
from pathlib import Path

from tests.integration.cli_helpers import FORMSEAL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(var_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(var_dir),
        "FORMSEAL_DATABASE_URL": "",
        "FORMSEAL_SECRET_KEY": "startup-errors-" + "x" * 32,
        "FORMSEAL_RUN_WORKER": "false",
        **env,
    }
    return subprocess.run(
        [*FORMSEAL, *args], env=environ, capture_output=True, text=True, timeout=60
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "is running on" not in result.stdout  # never claims to run when it does not
    return lines[0]
