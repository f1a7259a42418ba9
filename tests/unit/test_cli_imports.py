"""Starting `formseal` loads only what the command needs: WeasyPrint and pyHanko (over a
second to import) load when a command seals or verifies, not for `formseal migrate`,
`createuser` or `--help`; `black` (Piccolo's migration commands need it) loads only when
migrations are applied or looked for, not when the app starts (docs/testing.md, rule 5)."""

import json
from pathlib import Path

import pytest

import runtime.sealing
from tests.unit.fresh_python import run_fresh

HEAVY = ("weasyprint", "pyhanko")
MIGRATIONS = ("black",)
START_APP = "from runtime.app import create_app\ncreate_app()"


def _loaded_after(code: str, tmp_path: Path, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """The `watched` top-level packages in sys.modules after running `code` in a fresh Python."""
    probe = (
        f"import json, sys\n{code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({watched!r}))))"
    )
    return json.loads(run_fresh(probe, tmp_path).splitlines()[-1])


def test_the_command_line_starts_without_the_sealing_stack(tmp_path: Path) -> None:
    assert _loaded_after("import runtime.cli", tmp_path) == []


def test_the_sealing_stack_loads_when_it_is_used(tmp_path: Path) -> None:
    """The probe can see the packages: the test above would catch them coming back."""
    assert _loaded_after("from runtime.sealing import seal_document", tmp_path) == sorted(HEAVY)


def test_the_app_starts_without_the_migration_commands(tmp_path: Path) -> None:
    assert _loaded_after(START_APP, tmp_path, MIGRATIONS) == []


def test_the_migration_commands_load_when_migrations_are_looked_for(tmp_path: Path) -> None:
    """The probe sees `black`: the test above would catch it coming back at start-up."""
    check = (
        "import asyncio\nfrom runtime.database import pending_migrations\n"
        "from runtime.settings import get_settings\n"
        "asyncio.run(pending_migrations(get_settings()))"
    )
    assert _loaded_after(check, tmp_path, MIGRATIONS) == list(MIGRATIONS)


@pytest.mark.parametrize("name", runtime.sealing.__all__)
def test_every_name_of_the_sealing_package_is_found(name: str) -> None:
    """`from runtime.sealing import X` keeps working although names load on first use."""
    assert getattr(runtime.sealing, name) is not None


def test_sealing_submodules_still_import_from_the_package() -> None:
    from runtime.sealing import keys, pipeline

    assert pipeline.seal_document is runtime.sealing.seal_document
    assert keys.trust_roots is runtime.sealing.trust_roots
    with pytest.raises(ImportError):
        from runtime.sealing import no_such_name  # noqa: F401
