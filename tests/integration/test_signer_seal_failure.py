"""What the last signer's confirmation page says while the seal is made, retried, given up
and retried by an administrator: it says what happens next, refreshes only while something
changes by itself, and never offers a PDF that does not exist; the API's `seal` says the
same. SQLite and PostgreSQL."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient

from runtime.clock import utcnow
from runtime.jobs.seal import retry_seal, seal_job_key
from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+);')


def _state(page: str) -> tuple[str, str | None, str | None]:
    """(the state of #seal-state, how often the script checks again, the no-script refresh)."""
    found = re.search(r'<div id="seal-state"[^>]*data-seal-state="(\w+)"([^>]*)>', page)
    assert found, page
    poll = re.search(r'data-seal-poll-seconds="(\d+)"', found[2])
    refresh = REFRESH.search(page)
    return found[1], poll[1] if poll else None, refresh[1] if refresh else None


async def _api_seal(client: AsyncTestClient, org: Org, envelope_id: uuid.UUID) -> dict:
    answer = await client.get(f"/api/v1/envelopes/{envelope_id}", headers=org.auth)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    # nothing is completed without its sealed PDF, however the seal is going
    assert body["status"] == ("completed" if body["seal"]["state"] == "sealed" else "in_progress")
    return body["seal"]


async def test_the_confirmation_follows_the_seal_through_failure_and_retry(
    client: AsyncTestClient, org: Org, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runtime.sealing import keys

    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    envelope_id = uuid.UUID(envelope["id"])
    await fill_demo(client, link)

    page = (await client.get(f"{link}/done")).text
    assert _state(page) == ("sealing", "2", "2")
    assert "We are sealing your document" in page
    assert (await _api_seal(client, org, envelope_id))["state"] == "sealing"

    # an attempt fails: tried again by itself, so the page keeps checking, less often
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    monkeypatch.setattr(keys, "_now", lambda: later)  # the sealing certificate has expired
    await run_jobs(settings)
    page = (await client.get(f"{link}/done")).text
    assert _state(page) == ("retrying", "15", "15")
    assert "Sealing is taking longer than usual" in page
    assert "we are trying again by ourselves" in page
    assert "sealed.pdf" not in page and "expired" not in page  # no download, no admin reason
    seal = await _api_seal(client, org, envelope_id)
    assert seal["state"] == "retrying" and seal["attempts"] == 1 and seal["next_attempt_at"]
    assert seal["error"].startswith("The sealing certificate expired on")

    # the retries run out: nothing changes by itself now, so the page stops refreshing and
    # says the PDF comes by mail (it used to say "This takes a few seconds" for ever)
    await Job.update({Job.run_after: utcnow(), Job.max_attempts: 2}).where(
        Job.dedupe_key == seal_job_key(envelope_id)
    )
    await run_jobs(settings)
    page = (await client.get(f"{link}/done")).text
    assert _state(page) == ("failed", None, None)
    assert "data-seal-poll=" not in page
    assert "Your sealed PDF is delayed" in page
    assert "Your signature is kept: you do not need to sign again." in page
    assert "We will email you the sealed PDF when it is ready" in page
    assert "This takes a few seconds" not in page and "sealed.pdf" not in page
    seal = await _api_seal(client, org, envelope_id)  # an API client can stop polling too
    assert seal["state"] == "failed" and seal["next_attempt_at"] is None and seal["error"]
    # the first view after finishing still tells an embedding page formseal:completed once
    assert "data-just-finished" in (await client.get(f"{link}/done?finished=1")).text

    # in the signer's language
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/done"})
    page = (await client.get(f"{link}/done")).text
    assert "Votre PDF scellé est retardé" in page
    assert "Votre signature est conservée" in page
    await client.post(f"{link}/language", data={"language": "en", "return": f"{link}/done"})

    # an administrator fixes the cause and retries: the seal is made, the page offers it
    monkeypatch.undo()
    assert await retry_seal(envelope_id, actor="ops@example.com")
    assert _state((await client.get(f"{link}/done")).text)[0] == "retrying"
    await run_jobs(settings)
    page = (await client.get(f"{link}/done")).text
    assert _state(page) == ("sealed", None, None)
    assert f'href="{link}/sealed.pdf"' in page
    # as the consent promised, and sent with the seal (the same run of the jobs)
    assert "We have also sent you the sealed PDF by email." in page
    assert (await client.get(f"{link}/sealed.pdf")).status_code == 200
    assert (await _api_seal(client, org, envelope_id))["state"] == "sealed"
