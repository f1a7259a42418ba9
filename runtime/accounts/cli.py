"""`formseal apikey create|list|revoke`: the organisation's API keys from the command line."""

from __future__ import annotations

from typing import Any

import click

from runtime.organisations import DEFAULT_ORGANISATION
from runtime.settings import get_settings


@click.group("apikey")
def apikey() -> None:
    """API keys."""


@apikey.command("create")
@click.option("--name", default="default", show_default=True)
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
@click.option(
    "--scopes",
    default="read,send,admin",
    show_default=True,
    help="Comma-separated: read, send, admin (admin may do everything).",
)
def apikey_create(name: str, organisation: str, scopes: str) -> None:
    """Create an API key and print it once."""
    from runtime.accounts.service import create_api_key, existing_organisation, scopes_problem
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError

    wanted = tuple(s.strip() for s in scopes.split(",") if s.strip())
    name = name.strip()
    if not name:  # as the API and the designer's screen: the list must tell keys apart
        _fail("Give the key a name that says who or what uses it, like --name crm.", [])
    if scopes_problem(wanted):  # before the database: a typo needs no running instance
        _fail(scopes_problem(wanted), [])

    async def work() -> str:
        org = await existing_organisation(organisation, create_default=DEFAULT_ORGANISATION)
        # audited as the designer's and the API's keys are (actor: the command)
        return await create_api_key(org, name, wanted, actor="formseal apikey create")

    try:
        key = _run(get_settings(), work)
    except DomainError as exc:
        _fail(exc.detail, [])
    click.echo(key)
    click.echo("Keep this key safe: it is shown only once.", err=True)


@apikey.command("list")
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
def apikey_list(organisation: str) -> None:
    """List the organisation's API keys: prefix, name, scopes, created, last used (UTC)."""
    from runtime.accounts.service import existing_organisation, list_api_keys
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError

    async def work() -> list[dict[str, Any]]:
        return await list_api_keys(await existing_organisation(organisation))

    try:
        keys = _run(get_settings(), work)
    except DomainError as exc:
        _fail(exc.detail, [])
    if not keys:
        click.echo(f"{organisation} has no API keys. Create one with `formseal apikey create`.")
        return
    rows = [("PREFIX", "NAME", "SCOPES", "CREATED", "LAST USED", "STATUS")]
    for k in keys:
        status = f"revoked {_when(k['revoked_at'])}" if k["revoked_at"] else "active"
        when = (_when(k["created_at"]), _when(k["last_used_at"]) or "never")
        rows.append((k["prefix"], k["name"], ",".join(k["scopes"]), *when, status))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def _when(stamp: str | None) -> str:
    """'2026-11-28T00:30:00Z' as '2026-11-28 00:30'."""
    return stamp[:16].replace("T", " ") if stamp else ""


@apikey.command("revoke")
@click.argument("prefix")
@click.option(
    "--organisation",
    default=None,
    help="Whose key: needed when the prefix is that of keys of several organisations.",
)
def apikey_revoke(prefix: str, organisation: str | None) -> None:
    """Revoke the key whose prefix (its first 10 characters, see `apikey list`) is PREFIX;
    the whole key is taken too."""
    from runtime.accounts.revoke import RevokedKey, revoke_by_prefix
    from runtime.accounts.service import existing_organisation
    from runtime.cli import _fail, _run
    from runtime.errors import DomainError

    async def work() -> list[RevokedKey]:
        org = await existing_organisation(organisation) if organisation else None
        return await revoke_by_prefix(
            prefix.strip(), organisation_id=org, actor="formseal apikey revoke"
        )

    try:
        revoked = _run(get_settings(), work)
    except DomainError as exc:
        detail = exc.detail
        if organisation and detail.startswith("No active API key"):
            detail = detail.replace("No active API key", f"No active API key of {organisation}")
        _fail(detail, [])
    for key in revoked:
        click.echo(f"Revoked {key.prefix} “{key.name}” of {key.organisation}.")
