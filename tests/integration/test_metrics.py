"""/metrics: request counts by route template (never a signing token), latencies, jobs
queued and failed and seals from the database; closed to everyone without the token."""

import re
import uuid
from dataclasses import replace

from prometheus_client.parser import text_string_to_metric_families

from runtime.settings import Settings
from runtime.tables import Job
from tests.integration.conftest import (
    app_client,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    path_of,
    run_jobs,
)

TOKEN = "metrics-" + "t" * 30


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def _scrape(client) -> dict:  # type: ignore[no-untyped-def]
    answer = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return _samples(answer.text)


async def test_metrics_count_requests_jobs_and_seals(settings: Settings) -> None:
    secured = replace(settings, metrics_token=TOKEN)
    async with app_client(secured) as client:
        org = await new_org("Metrics org")
        before = await _scrape(client)
        template = await import_template(client, org)
        envelope = await create_envelope(client, org, template["id"])
        link = path_of(envelope["recipients"][0]["signing_url"])
        await fill_demo(client, link)
        missing = await client.get(f"/api/v1/envelopes/{uuid.uuid4()}", headers=org.auth)
        assert missing.status_code == 404
        await run_jobs(secured)
        failed = Job(kind="webhook", payload={}, status="failed", dedupe_key=f"m-{uuid.uuid4()}")
        await failed.save()
        try:
            after = await _scrape(client)
        finally:
            await Job.delete().where(Job.id == failed.id)

    created = dict(method="POST", route="/api/v1/envelopes", status="201")
    assert _value(after, "formseal_http_requests_total", **created) == (
        _value(before, "formseal_http_requests_total", **created) + 1
    )
    not_found = dict(method="GET", route="/api/v1/envelopes/{envelope_id}", status="404")
    assert _value(after, "formseal_http_requests_total", **not_found) >= 1
    # the signer's steps are counted under the template, the token never appears
    assert any(
        name == "formseal_http_requests_total" and dict(labels)["route"].startswith("/s/{")
        for name, labels in after
    )
    token = link.split("/")[2]
    assert not any(token in str(labels) for _, labels in after)
    count = _value(
        after,
        "formseal_http_request_duration_seconds_count",
        method="POST",
        route="/api/v1/envelopes",
    )
    assert count >= 1
    assert _value(after, "formseal_seals_total") == _value(before, "formseal_seals_total") + 1
    assert _value(after, "formseal_jobs_failed") >= 1
    assert _value(after, "formseal_jobs", state="failed", kind="webhook") >= 1
    assert ("formseal_jobs_queued", ()) in after
    assert not [name for name, _ in after if name.endswith("_created")]  # no twin series


async def test_metrics_closed_without_token_or_loopback(settings: Settings) -> None:
    async with app_client(replace(settings, metrics_token=TOKEN)) as client:
        assert (await client.get("/metrics")).status_code == 404
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 404
    # without a token only loopback clients may read it; the test client is "testclient"
    async with app_client(replace(settings, metrics_token="")) as client:
        assert (await client.get("/metrics")).status_code == 404


async def test_unmatched_paths_are_counted_under_one_label(settings: Settings) -> None:
    async with app_client(replace(settings, metrics_token=TOKEN)) as client:
        for _ in range(2):
            assert (await client.get(f"/no/such/{uuid.uuid4()}")).status_code == 404
        samples = await _scrape(client)
    labels = [dict(ls)["route"] for n, ls in samples if n == "formseal_http_requests_total"]
    assert "(unmatched)" in labels
    assert not any(re.search(r"/no/such/", label) for label in labels)
