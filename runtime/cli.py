"""The `formseal` command line: serve, migrate, keys, templates, verify, demo."""

import asyncio
import json
import os
import shutil
import sys
import uuid
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from runtime.organisations import DEFAULT_ORGANISATION
from runtime.settings import Settings, get_settings

T = TypeVar("T")


def _run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run one async task against the configured database."""
    from runtime.database import close_pool, configure_database, prepare_engine, start_pool

    settings.ensure_dirs()
    engine = configure_database(settings)

    async def main() -> T:
        await prepare_engine(engine)
        await start_pool(engine, settings)  # `formseal worker` runs for long: reuse connections
        try:
            return await work()
        finally:
            await close_pool(engine)

    return asyncio.run(main())


class _Commands(click.Group):
    """Problems an administrator must fix (a setting, the database) end any command with
    one line saying what, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from runtime.preflight import StartupProblem, database_problem
        from runtime.settings import SettingsError

        # piccolo warns in colour, over two lines, before the error explained below
        warnings.filterwarnings("ignore", message=r".*Unable to (connect|fetch server version)")
        try:
            return super().invoke(ctx)
        except (SettingsError, StartupProblem) as exc:
            _fail(str(exc), [])
        except Exception as exc:
            message = database_problem(exc, get_settings())
            if message is None:
                raise
            _fail(message, [])


@click.group(cls=_Commands)
def main() -> None:
    """formseal: templates, forms, signatures and sealed PDFs."""


@main.command()
@click.option("--host", default=None, help="Listen address (default FORMSEAL_HOST).")
@click.option("--port", default=None, type=int, help="Port (default FORMSEAL_PORT).")
@click.option("--workers", default=1, show_default=True, help="Web processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the web application (and, by default, the job worker)."""
    import uvicorn

    from runtime.preflight import StartupProblem, before_start, shared_metrics_dir

    if workers < 1:  # uvicorn ran one process for 0 (and for -1) without a word
        raise StartupProblem(
            f"Cannot start {workers} web processes: --workers is a number from 1 up."
        )
    # as if set in the environment: links follow (settings_from_env). `--port 0` counts
    # (refused below): it was dropped, and serve took FORMSEAL_PORT (8000) without a word.
    if host or port is not None:
        os.environ.update({"FORMSEAL_HOST": host} if host else {})
        os.environ.update({"FORMSEAL_PORT": str(port)} if port is not None else {})
        get_settings.cache_clear()
    settings = get_settings()
    host, port = settings.host, settings.port
    before_start(settings, listen=(host, port), seals=True)
    metrics_dir = shared_metrics_dir(workers)
    click.echo(f"formseal is running on http://{host}:{port}  (Ctrl+C to stop)")
    for note in startup_notes(settings, host, port):
        click.echo(note)
    try:
        uvicorn.run(
            "runtime.asgi:app",
            host=host,
            port=port,
            workers=workers,
            access_log=False,  # request paths carry signing tokens: never log them
            log_level="warning",
            # Longer than browsers wait before reusing an idle connection: with uvicorn's 5 s
            # a POST sent as the server closes the socket fails with a network error
            # (browsers retry only GETs), which the designer showed as "Not saved — no
            # connection".
            timeout_keep_alive=75,
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def startup_notes(settings: Settings, host: str, port: int) -> list[str]:
    """What `formseal serve` tells the administrator below "formseal is running on …"."""
    notes = []
    if settings.base_url != f"http://{host}:{port}":
        notes.append(f"Links in mails and pages use FORMSEAL_BASE_URL: {settings.base_url}")
    if settings.base_url.startswith("https://") and not settings.secure_cookies:
        notes.append(
            "FORMSEAL_BASE_URL is https:// but FORMSEAL_SECURE_COOKIES is false: set it to true "
            "so that browsers never send the session and CSRF cookies over plain http."
        )
    if settings.password_hashing != "standard":  # noqa: S105 - a profile name, not a secret
        notes.append(
            f"FORMSEAL_PASSWORD_HASHING is {settings.password_hashing}, a setting for tests: new "
            "passwords and access codes get hashes that are quick to guess from a stolen "
            "database. Remove it (the default is standard)."
        )
    return notes


@main.command()
@click.option(
    "--check",
    is_flag=True,
    help="Change nothing: exit 0 when the database is up to date, 1 listing pending migrations.",
)
def migrate(check: bool) -> None:
    """Apply database migrations (SQLite or PostgreSQL, as configured)."""
    from runtime.database import migrate as run_migrations
    from runtime.database import pending_migrations

    settings = get_settings()
    if not settings.uses_postgres:
        settings.ensure_dirs()  # the SQLite file is made in var/: say so if it cannot be
    pending = asyncio.run(pending_migrations(settings))  # also: a clear error when unreachable
    if check and pending:
        click.echo(f"{len(pending)} migration(s) pending:")
        _list_migrations(pending)
        click.echo("Run `formseal migrate` to apply them.")
        sys.exit(1)
    if pending:
        asyncio.run(run_migrations(settings))
        click.echo(f"Applied {len(pending)} migration(s):")
        _list_migrations(pending)
    click.echo("Database is up to date.")


def _list_migrations(migrations: list[tuple[str, str, str]]) -> None:
    for app, migration_id, description in migrations:
        click.echo(f"  {app} {migration_id}" + (f"  {description}" if description else ""))


@main.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
def backup_command(destination: Path) -> None:
    """Copy the database, the files and the sealing keys into DESTINATION (a new folder),
    safely while formseal runs. The secret key is not copied: keep it elsewhere."""
    from runtime.backup import BackupError, backup

    try:
        report = backup(get_settings(), destination)
    except BackupError as exc:
        _fail(str(exc), [])
    click.echo(f"Database: {report.database}")
    click.echo(f"Files:    {report.files}")
    click.echo(f"Keys:     {report.keys}")
    click.echo("Keep the secret key (FORMSEAL_SECRET_KEY or var/secret_key) somewhere else.")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(file: Path, as_json: bool) -> None:
    """Check a sealed PDF: intact or modified, sealed by this service, which envelope."""
    from runtime.verification.service import verify_bytes

    report = verify_bytes(get_settings(), file.read_bytes())
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        verdict = "VALID" if report["ok"] else "NOT VALID"
        click.echo(f"{verdict}: {file.name}")
        if not report["signatures"] and not report["intact"]:
            # not a PDF, a PDF without a seal, or one too damaged to read: there is no seal
            # to be intact or modified, so only the reason is said ("This file is not a PDF.")
            for reason in report["reasons"]:
                click.echo(f"  {reason}")
            if not report["draft"]:  # a draft's reason says where the sealed PDF is
                click.echo(
                    "  Nothing was checked: only a PDF sealed by this service can be verified."
                )
            sys.exit(1)
        click.echo(f"  intact:                  {'yes' if report['intact'] else 'no'}")
        click.echo(f"  modified after sealing:  {'yes' if report['modified'] else 'no'}")
        click.echo(
            f"  sealed by this service:  {'yes' if report['sealed_by_this_instance'] else 'no'}"
        )
        click.echo(f"  sealed by:               {report['signer_name'] or '-'}")
        click.echo(f"  envelope:                {report['envelope_id'] or '-'}")
        click.echo(f"  sealed at:               {report['signed_at'] or '-'}")
        for reason in report["reasons"]:
            click.echo(f"  - {reason}")
    sys.exit(0 if report["ok"] else 1)


@main.command()
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
def demo(organisation: str) -> None:
    """Load the demo template and print a ready signing link."""
    from runtime.accounts.service import existing_organisation
    from runtime.demo import load_demo
    from runtime.errors import DomainError

    settings = get_settings()

    async def work() -> dict[str, Any]:
        org = await existing_organisation(
            organisation, create_default=DEFAULT_ORGANISATION, create_first=True
        )
        return await load_demo(org, settings)

    try:
        envelope = _run(settings, work)
    except DomainError as exc:
        _fail(exc.detail, [])
    link = envelope["recipients"][0]["signing_url"]
    click.echo("")
    click.echo("  Demo ready: a service agreement for Alex Example.")
    click.echo(f"  Open this link to fill and sign it:  {link}")
    click.echo(f"  Check a sealed PDF at:               {settings.base_url}/verify")
    click.echo("")


@main.command()
@click.argument("template_id", type=click.UUID)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", default=DEFAULT_ORGANISATION, show_default=True)
@click.option("--message", default="", help="A message for every recipient.")
@click.option("--expires-in-days", type=click.IntRange(1, 365), default=None)
@click.option("--dry-run", is_flag=True, help="Only check the file and show the mapping.")
def send(
    template_id: uuid.UUID,
    file: Path,
    organisation: str,
    message: str,
    expires_in_days: int | None,
    dry_run: bool,
) -> None:
    """Bulk send: one envelope per row of a CSV or XLSX file."""
    from runtime.accounts.service import existing_organisation
    from runtime.bulk import service
    from runtime.errors import DomainError

    options: dict[str, Any] = {"message": message}
    if expires_in_days:
        options["expires_in_days"] = expires_in_days

    async def work() -> dict[str, Any]:
        org = await existing_organisation(organisation)
        if dry_run:
            return await service.prepare(org, template_id, file.read_bytes(), options)
        return await service.start(
            org, template_id, file.read_bytes(), options, filename=file.name, actor="cli"
        )

    try:
        result = _run(get_settings(), work)
    except DomainError as exc:
        errors = exc.extra.get("errors", [])
        _fail(
            exc.detail,
            [
                {"path": f"row {e['row']} {e.get('column', '')}".strip(), "message": e["message"]}
                for e in errors
            ]
            if errors and "row" in errors[0]
            else errors,
        )
    if dry_run:
        click.echo(f"{result['valid']} of {result['total']} rows are ready to send.")
        click.echo(f"Mapping: {json.dumps(result['mapping'])}")
        for e in result["errors"]:
            click.echo(f"  row {e['row']} {e['column']}: {e['message']}")
        sys.exit(0 if not result["error_count"] else 1)
    click.echo(
        f"Queued {result['total']} envelopes (bulk send {result['id']}); the worker sends them."
    )


@main.command()
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only run jobs of this kind (repeatable): seal, mail, webhook, … (all by default).",
)
def worker(kinds: tuple[str, ...]) -> None:
    """Run the job worker alone (for deployments with separate worker processes)."""
    from runtime.jobs.registry import EXTRA_HANDLERS
    from runtime.jobs.worker import HANDLERS, Worker
    from runtime.logging_setup import configure_logging
    from runtime.preflight import StartupProblem, before_start

    known = sorted({*HANDLERS, *EXTRA_HANDLERS})
    if unknown := [kind for kind in kinds if kind not in known]:
        # `--kind seals` used to start a worker that never ran anything, without a word
        raise StartupProblem(
            f"--kind {unknown[0]!r} is not a job kind; the kinds are {', '.join(known)}."
        )
    settings = get_settings()
    configure_logging(settings.log_format)  # FORMSEAL_LOG_FORMAT, as in the web processes
    before_start(settings, listen=None, seals=not kinds or bool({"seal", "auto_sign"} & set(kinds)))
    _run(settings, lambda: Worker(settings, kinds or None).run_until_signalled())


def _fail(
    message: str, errors: list[dict[str, str]], warnings: list[dict[str, str]] | None = None
) -> NoReturn:
    """Exit 1 with the message, its errors and what the checks warn about too (a refused
    import: so that one round of fixes clears both, as the API's 422 carries both)."""
    click.echo(f"Error: {message}", err=True)
    for e in errors:
        click.echo(f"  {e['path']}: {e['message']}", err=True)
    for w in warnings or []:
        click.echo(f"Warning: {w['path']}: {w['message']}", err=True)
    sys.exit(1)


from designer.cli import register  # noqa: E402 - the designer adds its commands

register(main)

from runtime.sealing.cli import audit, keys  # noqa: E402 - sealing key and audit commands

main.add_command(keys)
main.add_command(audit)

from runtime.jobs.seals_cli import seals  # noqa: E402 - failed seals, as on Settings → Problems

main.add_command(seals)

from runtime.accounts.cli import apikey  # noqa: E402 - `formseal apikey create|list|revoke`

main.add_command(apikey)

from runtime.themes_cli import theme  # noqa: E402 - `formseal theme new`

main.add_command(theme)

from runtime.organisations.cli import org  # noqa: E402 - `formseal org create|list` (groups)

main.add_command(org)

from runtime.templates.cli import template  # noqa: E402 - `formseal template import|export`

main.add_command(template)

from runtime.archive.cli import retention  # noqa: E402 - `formseal retention purge`

main.add_command(retention)


if __name__ == "__main__":
    main()
