"""`formseal template import|export`: definitions in and out of an organisation.

Registered on the main command group at the end of runtime/cli.py. Both commands name an
existing organisation: a misspelt `--organisation` is refused with the ones there are,
never turned into a new organisation nobody can sign in to. Only the default
organisation is created when missing, so a fresh instance can import its first template.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import click

from runtime.organisations import DEFAULT_ORGANISATION


@click.group("template")
def template() -> None:
    """Template import and export."""


@template.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
def template_import(file: Path, organisation: str) -> None:
    """Import a definition (JSON) and publish it as version 1.

    Prints what the designer's publish check would warn about on stderr ("Warning: …"),
    and publishes all the same; a refused definition prints them after its errors."""
    from runtime.accounts.service import existing_organisation
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError
    from runtime.settings import get_settings
    from runtime.templates.service import import_and_publish

    async def work() -> dict[str, Any]:
        org = await existing_organisation(organisation, create_default=DEFAULT_ORGANISATION)
        return await import_and_publish(org, file.read_bytes(), actor="cli")

    try:
        result = _run(get_settings(), work)
    except DomainError as exc:
        _fail(exc.detail, exc.extra.get("errors", []), exc.extra.get("warnings", []))
    click.echo(
        f"Published {result['name']!r} version {result['version']['number']}: {result['id']}"
    )
    for warning in result["warnings"]:  # the designer's publish check says the same
        click.echo(f"Warning: {warning['path']}: {warning['message']}", err=True)


@template.command("export")
@click.argument("template_id", type=click.UUID)
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    default=None,
    help="Export this version instead of the latest.",
)
def template_export(template_id: uuid.UUID, organisation: str, version: int | None) -> None:
    """Print a template's latest definition (or --version N) as canonical JSON."""
    from components import dump_definition
    from runtime.accounts.service import existing_organisation
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError
    from runtime.settings import get_settings
    from runtime.templates.service import export_definition

    async def work() -> bytes:
        org = await existing_organisation(organisation)
        return dump_definition(await export_definition(org, template_id, version))

    try:
        click.echo(_run(get_settings(), work).decode())
    except DomainError as exc:
        _fail(exc.detail, [])
