"""Running a few lines in a fresh Python process: for what importing a module does (what
else it loads, what it computes), which the test process itself has long done."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_fresh(code: str, var_dir: Path) -> str:
    """`code` in a new interpreter at the repository root, with a bare environment; its
    standard output (the test fails on a non-zero exit, showing standard error)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "FORMSEAL_VAR_DIR": str(var_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout
