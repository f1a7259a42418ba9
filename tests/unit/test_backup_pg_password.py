"""`formseal backup` on PostgreSQL hands pg_dump the password in its environment, never
on its command line, where any user of the machine could read it while the dump runs."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from runtime import backup as backup_module
from runtime.backup import _split_password, backup
from runtime.settings import Settings


@pytest.mark.parametrize(
    ("url", "without", "password"),
    [
        (
            "postgresql://formseal:s3cr%40t@db.internal:5432/formseal?sslmode=require",
            "postgresql://formseal@db.internal:5432/formseal?sslmode=require",
            "s3cr@t",
        ),
        (
            "postgresql://formseal@[::1]:5432/formseal",
            "postgresql://formseal@[::1]:5432/formseal",
            "",
        ),
        ("postgres://u:p:q@h/db", "postgres://u@h/db", "p:q"),
        ("postgresql:///formseal", "postgresql:///formseal", ""),
    ],
)
def test_the_password_is_taken_out_of_the_url(url: str, without: str, password: str) -> None:
    assert _split_password(url) == (without, password)


def test_pg_dump_gets_the_password_in_its_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        seen["args"], seen["env"] = args, kwargs["env"]
        Path(args[2].removeprefix("--file=")).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backup_module.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup_module.subprocess, "run", fake_run)
    settings = Settings(
        var_dir=tmp_path / "var",
        secret_key="backup-pw-" + "x" * 40,
        database_url="postgresql://formseal:hunter2@127.0.0.1:5432/formseal",
    )
    backup(settings, tmp_path / "backup")
    assert not any("hunter2" in a for a in seen["args"]), seen["args"]
    assert seen["args"][-1] == "postgresql://formseal@127.0.0.1:5432/formseal"
    assert seen["env"]["PGPASSWORD"] == "hunter2"
