"""`formseal seals retry` takes the 8-character reference the screens and mails show, as
well as the whole id: an operator copying it from the Problems page was refused."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.cli_helpers import run
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
)


async def test_a_failed_seal_is_retried_by_its_short_reference(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    envelope_id = uuid.UUID(envelope["id"])
    key = f"seal:{envelope_id}"
    await Job.update({Job.status: "failed", Job.last_error: "TSA unreachable"}).where(
        Job.dedupe_key == key
    )

    reference = str(envelope_id)[:8]
    result = run(settings, "seals", "retry", reference.upper())
    assert result.returncode == 0, result.stderr
    assert "The seal was queued again" in result.stdout
    job = await Job.select(Job.status).where(Job.dedupe_key == key).first()
    assert job is not None and job["status"] == "queued"

    unknown = "0" * 8 if not reference.startswith("0") else "f" * 8
    missing = run(settings, "seals", "retry", unknown)
    assert missing.returncode == 1
    assert f"No stuck envelope's id starts with {unknown}" in missing.stderr
    nonsense = run(settings, "seals", "retry", "last-one!")
    assert nonsense.returncode == 1
    assert "'last-one!' is not an envelope's id or reference" in nonsense.stderr
