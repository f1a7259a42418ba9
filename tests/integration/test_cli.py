"""The `formseal` command line, run as a user would, against both engines."""

import json
from pathlib import Path

from pypdf import PdfWriter

from components import dump_definition, parse_definition
from runtime.settings import Settings
from tests.integration.cli_helpers import run
from tests.integration.conftest import DEMO, demo_definition
from tests.integration.helpers import WARNINGS, warned_definition


def test_migrate_import_export_and_keys(settings: Settings, tmp_path: Path) -> None:
    migrated = run(settings, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "Database is up to date." in migrated.stdout

    assert run(settings, "org", "create", "CLI org").returncode == 0
    imported = run(settings, "template", "import", str(DEMO), "--organisation", "CLI org")
    assert imported.returncode == 0, imported.stderr
    assert "Published 'Service agreement' version 1" in imported.stdout
    template_id = imported.stdout.strip().rsplit(" ", 1)[1]

    exported = run(
        settings, "template", "export", template_id, "--organisation", "cli-org", "--version", "1"
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip().encode() == dump_definition(parse_definition(DEMO.read_bytes()))

    # A misspelt organisation is refused, naming the real ones (before, it was created).
    typo = run(settings, "template", "import", str(DEMO), "--organisation", "CLI orgg")
    assert typo.returncode == 1 and "There is no organisation called “CLI orgg”" in typo.stderr
    assert "CLI org" in typo.stderr and "formseal org create" in typo.stderr

    key = run(settings, "apikey", "create", "--name", "ci", "--organisation", "CLI org")
    assert key.returncode == 0 and key.stdout.startswith("fs_")
    assert "shown only once" in key.stderr
    listed = run(settings, "apikey", "list", "--organisation", "CLI org")
    assert listed.returncode == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header.split() == ["PREFIX", "NAME", "SCOPES", "CREATED", "LAST", "USED", "STATUS"]
    assert row.split()[:3] == [key.stdout[:10], "ci", "read,send,admin"]
    assert row.split()[-2:] == ["never", "active"]
    revoked = run(settings, "apikey", "revoke", key.stdout[:10])
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.strip() == f"Revoked {key.stdout[:10]} “ci” of CLI org."

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**demo_definition(), "roles": []}))
    failed = run(settings, "template", "import", str(broken))
    assert failed.returncode == 1
    assert "$.roles: needs at least one role" in failed.stderr

    # What the designer's publish check warns about is printed, and the import goes ahead.
    warned = tmp_path / "warned.json"
    warned.write_text(json.dumps(warned_definition()))
    imported = run(settings, "template", "import", str(warned))
    assert imported.returncode == 0, imported.stderr
    assert "Published 'Loan agreement' version 1" in imported.stdout
    assert imported.stderr.splitlines() == [f"Warning: {p}: {m}" for p, m in WARNINGS]


def test_a_refused_import_prints_its_warnings_after_its_errors(
    settings: Settings, tmp_path: Path
) -> None:
    """A key used twice (refused at parse time) printed its error alone, as a lint error
    did; the API's 422 carries the warnings too, so the command prints them after it."""
    assert run(settings, "migrate").returncode == 0
    definition = warned_definition()
    note = {"key": "note", "component": "text", "label": "Note"}
    definition["sections"][0]["fields"] += [note, {**note, "label": "Other note"}]
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps(definition))
    failed = run(settings, "template", "import", str(refused))
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        "Error: The template definition is not valid.",
        "  $.sections[0].fields[5].key: 'note' is already used at $.sections[0].fields[4].key",
        *(f"Warning: {p}: {m}" for p, m in WARNINGS),
    ]


def test_verify_command(settings: Settings, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7 not really")
    result = run(settings, "verify", str(garbage))
    assert result.returncode == 1
    assert "NOT VALID" in result.stdout


def test_verify_says_plainly_when_there_is_no_seal_to_check(
    settings: Settings, tmp_path: Path, monkeypatch
) -> None:
    """A file that is not a PDF (or a PDF without a seal) read 'intact: no' beside
    'modified after sealing: no', as if a seal had been checked."""
    from click.testing import CliRunner

    from runtime import cli

    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    unsealed = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(unsealed)
    for path, reason in (
        (text, "This file is not a PDF."),
        (unsealed, "The PDF has no seal: it contains no digital signature."),
    ):
        result = CliRunner().invoke(cli.main, ["verify", str(path)])
        assert result.exit_code == 1
        assert result.output == (
            f"NOT VALID: {path.name}\n  {reason}\n"
            # "this service", as the page says: another formseal's seal is not valid here
            "  Nothing was checked: only a PDF sealed by this service can be verified.\n"
        )


def test_a_misspelt_api_key_scope_is_named_with_the_real_ones() -> None:
    """Was a traceback; needs no database, so it is said before one is opened."""
    from click.testing import CliRunner

    from runtime.cli import main

    result = CliRunner().invoke(main, ["apikey", "create", "--scopes", "read,wirte"])
    assert result.exit_code == 1
    assert result.output == "Error: Unknown scope(s): wirte. The scopes are read, send, admin.\n"
    # a blank name made a key the list could not tell apart (`--name ""`)
    result = CliRunner().invoke(main, ["apikey", "create", "--name", "  "])
    assert result.exit_code == 1
    assert result.output == (
        "Error: Give the key a name that says who or what uses it, like --name crm.\n"
    )
