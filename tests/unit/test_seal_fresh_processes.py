"""A seal worker started before an upgrade (new PDF templates that need new code) recovers
by itself: the template error becomes a clear message, the worker starts fresh seal
processes and seals again; sealing in its own process, it says to restart formseal."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pytest
from jinja2 import TemplateError

from runtime.jobs import seal as seal_job
from runtime.jobs.worker import Worker
from runtime.sealing import freshness
from runtime.sealing.freshness import StaleSealProcess, code_changed_since_start
from runtime.sealing.sample import sample_seal_input
from runtime.settings import Settings

THEMES = Path(__file__).resolve().parents[2] / "themes"


def _settings(tmp_path: Path, **more: Any) -> Settings:
    return Settings(var_dir=tmp_path / "var", secret_key="fresh-" + "x" * 40, **more)


def test_code_newer_than_the_process_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(freshness, "STARTED", time.time() + 3600)
    assert not code_changed_since_start()
    monkeypatch.setattr(freshness, "STARTED", 0.0)
    assert code_changed_since_start()


def test_a_template_needing_newer_code_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    themes = tmp_path / "themes"
    shutil.copytree(THEMES / "default", themes / "default")
    base = themes / "default" / "pdf" / "_base.html"
    base.write_text(base.read_text().replace("<head>", "<head>{{ 1 | added_by_the_upgrade }}", 1))
    settings = _settings(tmp_path, themes_dir=themes)

    monkeypatch.setattr(freshness, "STARTED", 0.0)  # the code on disk changed since
    with pytest.raises(StaleSealProcess) as stale:
        seal_job._seal(sample_seal_input(), settings)
    assert "updated after this seal process started" in str(stale.value)
    assert "No filter named 'added_by_the_upgrade'" in str(stale.value)

    monkeypatch.setattr(freshness, "STARTED", time.time() + 3600)  # a plain template error
    with pytest.raises(TemplateError):
        seal_job._seal(sample_seal_input(), settings)


async def test_the_worker_starts_fresh_seal_processes_and_seals_again(tmp_path: Path) -> None:
    worker = Worker(_settings(tmp_path, seal_processes=1))
    first = worker.executor
    seen: list[Executor | None] = []

    async def handler(settings: Settings, payload: dict, executor: Executor | None) -> None:
        seen.append(executor)
        if len(seen) == 1:
            raise StaleSealProcess("The PDF templates were updated after this seal process …")

    try:
        await worker._run(handler, {})
        assert len(seen) == 2 and seen[0] is first
        assert seen[1] is worker.executor and worker.executor is not first
    finally:
        assert worker.executor is not None
        worker.executor.shutdown()


async def test_sealing_in_the_worker_itself_says_to_restart(tmp_path: Path) -> None:
    worker = Worker(_settings(tmp_path, seal_processes=0))

    async def handler(settings: Settings, payload: dict, executor: Executor | None) -> None:
        raise freshness.stale_process_error(TemplateError("No filter named 'x'."))

    with pytest.raises(StaleSealProcess, match="restart formseal"):
        await worker._run(handler, {})
