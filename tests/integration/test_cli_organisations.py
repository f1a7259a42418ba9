"""`--organisation` on the command line names an organisation that exists: a misspelt one is
refused with the list of real ones and nothing is created (before, `apikey create`, `send`,
`demo` and `createuser` silently made a new, empty organisation nobody could sign in to).
Only a fresh instance's first organisation, and the default one, are made when missing."""

import os
import subprocess
from pathlib import Path

from tests.integration.cli_startup_helpers import FORMSEAL, one_line_error, run

REFUSED = (
    "Error: There is no organisation called “{}”. The organisations here are: {}. "
    "Create one with `formseal org create NAME`."
)


def test_a_misspelt_organisation_is_refused_and_never_created(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate").returncode == 0

    # The first createuser on a fresh instance makes its organisation (docs: "creates the
    # first users"), by whatever name the administrator gives.
    first = _createuser(tmp_path, "jane@example.com", "Northwind Services")
    assert first.returncode == 0, first.stderr
    assert "Created user jane@example.com in 'Northwind Services' as admin." in first.stdout

    typo = _createuser(tmp_path, "joe@example.com", "Northwind Servics")
    assert one_line_error(typo) == REFUSED.format("Northwind Servics", "Northwind Services")

    for command in (
        ["apikey", "create", "--name", "crm", "--organisation", "Nortwind"],
        ["demo", "--organisation", "Nortwind"],
        ["send", "6f1c0000-0000-4000-8000-000000000000", __file__, "--organisation", "Nortwind"],
    ):
        line = one_line_error(run(tmp_path, *command))
        assert line == REFUSED.format("Nortwind", "Northwind Services"), command

    listed = run(tmp_path, "org", "list").stdout
    assert "Northwind Services" in listed and "Nortwind\n" not in listed
    assert "Servics" not in listed and len(listed.strip().splitlines()) == 1, listed


def _createuser(var_dir: Path, email: str, organisation: str) -> subprocess.CompletedProcess:
    args = ["createuser", "--email", email, "--organisation", organisation, "--password-stdin"]
    env = {**os.environ, "FORMSEAL_VAR_DIR": str(var_dir), "FORMSEAL_DATABASE_URL": ""}
    env["FORMSEAL_SECRET_KEY"] = "startup-errors-" + "x" * 32
    return subprocess.run(
        [*FORMSEAL, *args],
        env=env,
        input="a long enough passphrase\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
