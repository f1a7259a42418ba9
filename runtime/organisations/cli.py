"""`formseal org create|list`: organisations and subsidiaries from the command line."""

from __future__ import annotations

import click


@click.group("org")
def org() -> None:
    """Organisations and their subsidiaries (groups)."""


@org.command("create")
@click.argument("name")
@click.option("--legal-name", default="", help="Name in PDFs, mails and certificates.")
@click.option("--parent", "parent_slug", default="", help="Slug of the parent organisation.")
def org_create(name: str, legal_name: str, parent_slug: str) -> None:
    """Create an organisation; with --parent, a subsidiary of that organisation."""
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError
    from runtime.organisations.service import by_slug, create_organisation
    from runtime.settings import get_settings

    async def work() -> dict:
        parent = await by_slug(parent_slug) if parent_slug else None
        return await create_organisation(name, legal_name=legal_name, parent=parent, actor="cli")

    try:
        made = _run(get_settings(), work)
    except DomainError as exc:
        _fail(exc.detail, [])
        return
    where = f" under {parent_slug}" if parent_slug else ""
    click.echo(f"Created organisation {made['slug']} ({made['id']}){where}.")


@org.command("list")
def org_list() -> None:
    """Every organisation with its parent, as an indented tree."""
    from runtime.cli import _run
    from runtime.organisations.hierarchy import legal_name_of
    from runtime.settings import get_settings
    from runtime.tables import Organisation

    async def work() -> list[dict]:
        return list(
            await Organisation.select(
                Organisation.id,
                Organisation.name,
                Organisation.slug,
                Organisation.legal_name,
                Organisation.parent,
            ).order_by(Organisation.name)
        )

    rows = _run(get_settings(), work)
    children: dict = {}
    for r in rows:
        children.setdefault(r["parent"], []).append(r)
    known = {r["id"] for r in rows}

    def show(row: dict, depth: int) -> None:
        click.echo(f"{'  ' * depth}{row['slug']}  {legal_name_of(row)}")
        for child in children.get(row["id"], []):
            show(child, depth + 1)

    for top in [r for r in rows if r["parent"] is None or r["parent"] not in known]:
        show(top, 0)
