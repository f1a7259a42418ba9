"""`formseal seals list` and `formseal seals retry ENVELOPE`: failed and late seals, for
operators at a terminal (every organisation; retries are audited as "cli"). In the
designer, an organisation's administrators see them on Settings → Problems."""

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
@click.argument("envelope", type=click.UUID)
def retry(envelope: uuid.UUID) -> None:
    """Run an envelope's failed seal (or company stamp) again now."""
    from runtime.cli import _run
    from runtime.jobs.stuck import OUTCOMES, retry_envelope

    try:
        outcome = _run(get_settings(), lambda: retry_envelope(None, envelope, actor="cli"))
    except NotFound as exc:
        click.echo(f"Error: {exc.detail}", err=True)
        sys.exit(1)
    click.echo(OUTCOMES[outcome])
