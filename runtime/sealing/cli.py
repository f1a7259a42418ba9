"""`formseal keys ...` and `formseal audit ...`: the sealing key and the evidence trail.

Registered on the main command group at the end of runtime/cli.py.
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import click

from runtime.settings import get_settings


@click.group()
def keys() -> None:
    """The sealing key: show it, or install an operator's certificate."""


@keys.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password", default=None, help="Password of the PKCS#12 file or PEM key.")
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM private key, when it is not in FILE.",
)
@click.option(
    "--chain",
    "chain_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="PEM file with the issuing CA certificates, when they are not in FILE.",
)
def keys_import(
    file: Path, password: str | None, key_file: Path | None, chain_file: Path | None
) -> None:
    """Install a sealing certificate from a PKCS#12 (.p12/.pfx) or PEM file.

    Checks that the key matches the certificate, that the certificate is valid now, may sign
    and chains to the CA certificates given. The previous CA stays a trust root, so
    documents sealed before still verify.
    """
    from runtime.sealing import SealingError
    from runtime.sealing.install import import_identity

    settings = get_settings()
    try:
        installed = import_identity(
            settings.keys_dir,
            file.read_bytes(),
            password=password.encode() if password is not None else None,
            key_data=key_file.read_bytes() if key_file else None,
            chain_data=chain_file.read_bytes() if chain_file else None,
        )
    except SealingError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("Nothing was changed.", err=True)
        sys.exit(1)
    click.echo(f"Installed the sealing certificate {installed.subject}")
    click.echo(f"  issued by {installed.issuer}, valid until {installed.not_after:%Y-%m-%d}")
    for name in installed.retired:
        if name.startswith("retired/"):
            click.echo(
                f"  moved the previous sealing certificate and key to {settings.keys_dir}/{name}"
                " (delete it once you no longer want the old key on disk)"
            )
        else:
            click.echo(
                f"  kept the previous ca.pem as {settings.keys_dir / name}: seals made under it"
                " still verify"
            )
    click.echo("New seals use it from now on; earlier seals still verify.")
    for warning in installed.warnings:
        click.echo(f"Warning: {warning}", err=True)


@keys.command("show")
def keys_show() -> None:
    """Print the sealing certificate and trust roots; warn when expiry is near."""
    from runtime.sealing.keys import (
        CA_FILE,
        SEAL_CERT_FILE,
        SEAL_KEY_FILE,
        ensure_sealing_identity,
        is_local_ca,
    )

    settings = get_settings()
    # none of the three files: new keys come on first start; some only: formseal refuses
    # to seal (and to start) rather than overwrite them, which ensure_sealing_identity says
    files = (CA_FILE, SEAL_CERT_FILE, SEAL_KEY_FILE)
    if not any((settings.keys_dir / name).exists() for name in files):
        click.echo(f"No sealing key in {settings.keys_dir} yet: one is made on first start,")
        click.echo("or install your own with `formseal keys import FILE`.")
        return
    from runtime.sealing import SealingError

    try:
        identity = ensure_sealing_identity(settings.keys_dir)
    except SealingError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    now = datetime.now(UTC)
    days = (identity.not_after - now).days
    key = identity.seal_cert.public_key
    curves = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
    if key.algorithm == "ec":
        key_kind = f"ECDSA {curves.get(key.curve[1], key.curve[1])}"
    else:
        key_kind = f"{key.algorithm.upper()}-{key.bit_size}"
    click.echo(f"Sealing certificate ({settings.keys_dir / SEAL_CERT_FILE})")
    click.echo(f"  subject:     {identity.subject_dn}")
    click.echo(f"  issuer:      {identity.issuer_dn}")
    click.echo(f"  not before:  {identity.not_before:%Y-%m-%d %H:%M} UTC")
    click.echo(f"  not after:   {identity.not_after:%Y-%m-%d %H:%M} UTC ({days} days left)")
    click.echo(f"  key:         {key_kind}")
    click.echo(f"  sha-256:     {identity.fingerprint}")
    if identity.from_local_ca:
        click.echo("  authority:   this service's own, self-signed CA: PDF readers show the seal")
        click.echo("               as from an unknown signer (docs/sealing.md, 'Installing a")
        click.echo("               trusted certificate')")
    else:
        click.echo("  authority:   an operator-installed certificate")
    urls = identity.revocation_urls
    click.echo(f"  revocation:  {', '.join(urls) if urls else 'none named (no PAdES B-LT)'}")
    click.echo("Trust roots (seals made under any of these verify):")
    for path in [settings.keys_dir / "ca.pem", *sorted(settings.keys_dir.glob("ca-*.pem"))]:
        if path.is_file():
            from runtime.sealing.keys import load_ca_file

            for cert in load_ca_file(path.read_bytes()):
                until = cert["tbs_certificate"]["validity"]["not_after"].native
                local = " (this service's own, self-signed CA)" if is_local_ca(cert) else ""
                subject = cert.subject.native.get("common_name") or cert.subject.human_friendly
                click.echo(f"  {path.name}: {subject}{local}, until {until:%Y-%m-%d}")
    tsa = settings.tsa_url or "not set: seals carry no timestamp (PAdES B-B)"
    click.echo(f"Timestamp authority: {tsa}")
    if now > identity.not_after:
        click.echo(
            f"Error: the sealing certificate EXPIRED on {identity.not_after:%Y-%m-%d}; sealing "
            "is refused until you install a new one (`formseal keys import`).",
            err=True,
        )
        sys.exit(1)
    if identity.expires_soon(now):
        click.echo(
            f"Warning: the sealing certificate expires on {identity.not_after:%Y-%m-%d}, in "
            f"{days} days. Install a new one before then (`formseal keys import`).",
            err=True,
        )


@click.group()
def audit() -> None:
    """The audit trails: check their hash chains, and the seal jobs."""


@audit.command("verify")
@click.argument("envelope_id", required=False, type=click.UUID)
def audit_verify(envelope_id: uuid.UUID | None) -> None:
    """Recompute the hash chain of one envelope's trail, or of every trail.

    Names the first broken link of each broken trail; exits with 1 if any is broken.
    """
    from runtime.audit import verify_trails
    from runtime.cli import _run
    from runtime.tables import Organisation

    async def work() -> tuple[list, dict]:
        trails = await verify_trails(envelope_id)
        ids = list({t.organisation for t in trails if not t.chain.ok})
        rows = await Organisation.select(Organisation.id, Organisation.name).where(
            Organisation.id.is_in(ids or [uuid.uuid4()])
        )
        return trails, {r["id"]: r["name"] for r in rows}

    trails, names = _run(get_settings(), work)
    if envelope_id is not None and not trails:
        click.echo(f"No audit events for envelope {envelope_id}.", err=True)
        sys.exit(1)
    broken = [t for t in trails if not t.chain.ok]
    for trail in broken:
        where = f"envelope {trail.envelope}" if trail.envelope else "organisation events"
        name = names.get(trail.organisation, "")
        click.echo(f"BROKEN {where} (organisation “{name}”, {trail.organisation}):")
        click.echo(f"  first broken link: {trail.chain.problem}")
    events = sum(t.chain.count for t in trails)
    summary = f"Checked {len(trails)} trail{'s' if len(trails) != 1 else ''}, {events} events"
    if broken:
        click.echo(f"{summary}: {len(broken)} broken.")
        sys.exit(1)
    click.echo(f"{summary}: all intact.")


@audit.command("seal-status")
@click.argument("envelope_id", type=click.UUID)
def audit_seal_status(envelope_id: uuid.UUID) -> None:
    """Whether an envelope's seal is pending, sealed or failed, and why."""
    from runtime.cli import _run
    from runtime.jobs.seal import seal_status

    try:
        status = _run(get_settings(), lambda: seal_status(envelope_id))
    except LookupError:
        click.echo(f"No envelope {envelope_id}.", err=True)
        sys.exit(1)
    click.echo(f"{status.state}: {status.reason}")
    if status.job_id is not None:
        click.echo(f"  job {status.job_id}, attempts {status.attempts} of {status.max_attempts}")
    sys.exit(1 if status.state == "failed" else 0)


@audit.command("retry-seal")
@click.argument("envelope_id", type=click.UUID)
def audit_retry_seal(envelope_id: uuid.UUID) -> None:
    """Queue a failed seal again (the worker runs it next)."""
    from runtime.cli import _run
    from runtime.jobs.seal import retry_seal

    try:
        queued = _run(get_settings(), lambda: retry_seal(envelope_id, actor="cli"))
    except LookupError:
        click.echo(f"No envelope {envelope_id}.", err=True)
        sys.exit(1)
    click.echo("Queued." if queued else "Nothing to retry: sealed already, or not ready.")


@audit.command("reconcile-seals")
@click.option("--include-failed", is_flag=True, help="Also re-queue seals that gave up.")
def audit_reconcile_seals(include_failed: bool) -> None:
    """Queue a seal for every envelope that is done but has neither a seal nor a seal job."""
    from runtime.cli import _run
    from runtime.jobs.seal import reconcile_seals

    queued = _run(get_settings(), lambda: reconcile_seals(include_failed=include_failed))
    for envelope_id in queued:
        click.echo(f"queued {envelope_id}")
    click.echo(f"{len(queued)} seal{'s' if len(queued) != 1 else ''} queued.")
