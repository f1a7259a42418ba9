"""A huge document cannot hold a seal process for long (SECURITY.md 3): the rendering stops
at FORMSEAL_SEAL_RENDER_SECONDS and the seal job fails with the reason, instead of laying
out hundreds of pages for 20-35 s before the page limit refuses them."""

import time
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from runtime.jobs.seal import seal_job_key
from runtime.sealing.render import RenderTimeout, render_deadline, render_document
from runtime.settings import Settings
from runtime.tables import Envelope, Job
from tests.integration.conftest import (
    Org,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.security.helpers import sqlite_only

CLAUSE = (
    "The provider keeps every record of the service for seven years and hands a copy to "
    "the customer on request, in a common format, within thirty days of the request. "
)


def huge_html(paragraphs: int) -> str:
    body = "".join(f"<h2>Clause {i}</h2><p>{CLAUSE * 6}</p>" for i in range(paragraphs))
    return f"<!doctype html><html lang='en'><body>{body}</body></html>"


def test_rendering_stops_at_the_deadline_and_the_next_render_is_unaffected(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    limit = pytest.raises(RenderTimeout, match=r"longer than the 0\.5 s limit")
    with limit, render_deadline(0.5):
        render_document(huge_html(3000), assets_dir=tmp_path)
    assert time.monotonic() - started < 8  # ~2,000 pages would take minutes here
    # the deadline belonged to that render only: a small document after it is laid out
    small = render_document(huge_html(1), assets_dir=tmp_path)
    assert len(small.pages) == 1


@sqlite_only
async def test_a_huge_document_fails_its_seal_job_with_the_reason(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    definition = demo_definition()
    definition["document"][1:1] = [
        {"kind": "paragraph", "html": f"<p>Clause {i}. {CLAUSE * 4}</p>"} for i in range(900)
    ]
    template = await import_template(client, org, definition)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    started = time.monotonic()
    await run_jobs(replace(settings, seal_render_seconds=1.0))
    assert time.monotonic() - started < 30
    job = await Job.objects().where(Job.dedupe_key == seal_job_key(envelope["id"])).first()
    assert job is not None and job.status in ("queued", "failed")  # retried later, or gave up
    assert "longer than the 1 s limit" in job.last_error, job.last_error
    assert "too large to seal" in job.last_error
    stored = await Envelope.objects().where(Envelope.id == envelope["id"]).first()
    assert stored is not None and stored.sealed_file is None
