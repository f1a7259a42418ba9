"""The repository as issue #2 promised it: pinned dependencies, a self-setting-up Makefile,
CI calling `make test`, a README with the two commands and a screenshot, and settings read
from FORMSEAL_* variables and `.env`."""

import json
import re
import tomllib
from pathlib import Path

import pytest

from runtime.settings import settings_from_env

ROOT = Path(__file__).resolve().parents[2]
STACK_APT = (
    "poppler-utils",
    "fonts-dejavu-core",
    "fonts-noto-cjk",
    "fonts-noto-core",
    "fonts-noto-color-emoji",
    "libharfbuzz-subset0",
    "chromium",
)


def test_python_and_npm_dependencies_are_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert "==" in requirement, requirement
    package = json.loads((ROOT / "package.json").read_text())
    wanted = {"htmx.org", "signature_pad", "sortablejs"}
    assert wanted <= set(package["dependencies"])
    for name, version in {**package["dependencies"], **package["devDependencies"]}.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for name in wanted:
        assert lock["packages"][f"node_modules/{name}"]["version"] == package["dependencies"][name]


def test_make_run_and_test_set_themselves_up() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: setup migrate", makefile, re.M)
    assert re.search(r"^test: setup", makefile, re.M)
    assert re.search(r"^setup: system-packages venv assets", makefile, re.M)
    apt = re.search(r"^APT_PACKAGES := ((?:.*\\\n)*.*)$", makefile, re.M)
    assert apt and set(STACK_APT) <= set(apt.group(1).replace("\\", " ").split())
    assert "npm ci" in makefile and "formseal demo" in makefile
    # The npm packages land in a git-ignored static folder, never committed.
    assert "themes/default/static/vendor/" in (ROOT / ".gitignore").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.startswith("#!") and ci.rstrip().endswith("make test")


def test_the_readme_has_the_two_commands_and_a_screenshot() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    images = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", readme)
    assert images and all((ROOT / image).is_file() for image in images)


def test_settings_come_from_the_environment_and_dot_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    default = settings_from_env({})
    assert default.database_path.name == "formseal.sqlite3" and not default.uses_postgres
    (tmp_path / ".env").write_text(
        "FORMSEAL_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/from_dotenv\n"
        "FORMSEAL_PORT=8111\n"
    )
    from_file = settings_from_env({})
    assert from_file.uses_postgres and from_file.port == 8111
    # The environment wins over .env.
    both = settings_from_env({"FORMSEAL_PORT": "8222", "FORMSEAL_DATABASE_URL": ""})
    assert both.port == 8222 and not both.uses_postgres
