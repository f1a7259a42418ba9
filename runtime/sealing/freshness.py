"""Whether this process still runs the formseal code its PDF templates were written for.

A seal process imports formseal once, when it starts. The theme's templates and pdf.css are
read again whenever they change (Jinja's loader and runtime/sealing/render.py check their
times), so after an upgrade, or a theme edited with its Python (a new filter a template
uses), a process started before it read new templates with old code, and every seal failed
("No filter named 'language_direction'") until someone restarted formseal. A template error
raised while the code on disk is newer than the process is reported as `StaleSealProcess`,
which the worker answers by starting fresh seal processes and trying again
(runtime/jobs/worker.py).
"""

from __future__ import annotations

import time
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_PACKAGES = (_ROOT / "runtime", _ROOT / "components")
"""The packages a seal loads its code from."""
STARTED = time.time()
"""When this process loaded the sealing code."""


class StaleSealProcess(RuntimeError):
    """The PDF templates need newer code than this process loaded; the message says so."""


def code_changed_since_start() -> bool:
    """Whether a Python file of formseal changed after this process loaded it."""
    for package in _PACKAGES:
        for path in package.rglob("*.py"):
            try:
                if path.stat().st_mtime > STARTED:
                    return True
            except OSError:
                continue
    return False


def stale_process_error(error: Exception) -> StaleSealProcess:
    """The message of a template error caused by an update after this process started."""
    return StaleSealProcess(
        "The PDF templates were updated after this seal process started and need the newer "
        f"formseal code it has not loaded ({type(error).__name__}: {error}); the seal "
        "processes are started again and the seal is retried."
    )
