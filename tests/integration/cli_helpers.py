"""Running `formseal` commands in the integration tests, as an operator does, against the
test database and var folder."""

import os
import subprocess
import sys

from runtime.settings import Settings

FORMSEAL = [sys.executable, "-m", "runtime.cli"]


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "FORMSEAL_VAR_DIR": str(settings.var_dir),
        "FORMSEAL_DATABASE_URL": settings.database_url,
        "FORMSEAL_SECRET_KEY": settings.secret_key,
    }
    return subprocess.run([*FORMSEAL, *args], env=env, capture_output=True, text=True, timeout=120)
