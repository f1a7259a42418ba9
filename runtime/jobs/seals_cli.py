"""`formseal seals list` and `formseal seals retry ENVELOPE`: failed and late seals, for
operators at a terminal (every organisation; retries are audited as "cli"). In the
designer, an organisation's administrators see them on Settings → Problems."""

import re
import sys
import uuid

import click

from runtime.errors import NotFound
from runtime.settings import get_settings


@click.group()
def seals() -> None:
    """Envelopes whose seal (or company stamp) failed or is late, in every organisation.

    An organisation's administrators see the same on Settings → Problems in the designer
    (/designer/settings/problems?show=seals), with everything else that failed there.
    """


@seals.command("list")
def list_seals() -> None:
    """List stuck envelopes: what failed, why, attempts and the next run."""
    from runtime.cli import _run
    from runtime.jobs.stuck import stuck_envelopes

    rows = _run(get_settings(), lambda: stuck_envelopes(None))
    if not rows:
        click.echo("Nothing is stuck: every finished envelope is sealed or being sealed.")
        return
    for r in rows:
        click.echo(
            f"{r.envelope_id}  {r.what}: {r.state}  attempts {r.attempts}/{r.max_attempts}"
            + (f"  next {r.next_run_at}" if r.next_run_at else "")
        )
        click.echo(f"    {r.template_name}: {r.reason.splitlines()[0] if r.reason else ''}")


@seals.command("retry")
@click.argument("envelope")
def retry(envelope: str) -> None:
    """Run an envelope's failed seal (or company stamp) again now.

    ENVELOPE is its id, or the start of it as screens show it (6ef390db) when that names
    one stuck envelope."""
    from runtime.cli import _run
    from runtime.jobs.stuck import OUTCOMES, retry_envelope

    async def resolve_and_retry() -> str:
        return await retry_envelope(None, await _envelope_id(envelope), actor="cli")

    try:
        outcome = _run(get_settings(), resolve_and_retry)
    except NotFound as exc:
        click.echo(f"Error: {exc.detail}", err=True)
        sys.exit(1)
    click.echo(OUTCOMES[outcome])


async def _envelope_id(reference: str) -> uuid.UUID:
    """A whole id, or the unique stuck envelope whose id starts with `reference` (the
    8-character reference the designer and mails show)."""
    from runtime.jobs.stuck import stuck_envelopes

    text = reference.strip().lower()
    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    if not re.fullmatch(r"[0-9a-f][0-9a-f-]{3,35}", text):
        raise NotFound(
            f"{reference!r} is not an envelope's id or reference: give the id "
            "`formseal seals list` shows, or its first 8 characters."
        )
    found = sorted({str(r.envelope_id) for r in await stuck_envelopes(None)})
    matches = [envelope_id for envelope_id in found if envelope_id.startswith(text)]
    if len(matches) == 1:
        return uuid.UUID(matches[0])
    if not matches:
        raise NotFound(
            f"No stuck envelope's id starts with {text}: `formseal seals list` lists them."
        )
    raise NotFound(
        f"{text} starts the id of {len(matches)} stuck envelopes ({', '.join(matches)}): "
        "give more of it."
    )
