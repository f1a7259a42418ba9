"""The /api/v1/verify report as /schema and docs/api.md show it: the example in
runtime/api/verify_examples.py has every key a real answer has, `audit_chain.purged_on` included
(the day the envelope's data was deleted at the end of its retention period, else null)."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.api.verify_examples import VERIFIED, VERIFIED_PURGED
from runtime.archive.purge import purge_envelope
from runtime.settings import Settings
from tests.integration.conftest import Org
from tests.integration.verify_helpers import _sealed_pdf


async def _report(client: AsyncTestClient, org: Org, pdf: bytes) -> dict:
    answer = await client.post(
        "/api/v1/verify", headers={**org.auth, "Content-Type": "application/pdf"}, content=pdf
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_example_has_the_answers_keys_and_purged_on(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id, pdf = await _sealed_pdf(client, org, settings)
    report = await _report(client, org, pdf)
    assert report["ok"] is True
    assert set(report) == set(VERIFIED)
    assert set(report["signatures"][0]) == set(VERIFIED["signatures"][0])
    # an envelope still kept: the key is there, null, as the example shows it
    assert report["audit_chain"]["purged_on"] is None
    assert set(report["audit_chain"]) == set(VERIFIED["audit_chain"])

    assert await purge_envelope(settings, uuid.UUID(envelope_id), days=30)
    purged = await _report(client, org, pdf)
    assert purged["ok"] is True
    assert set(purged) == set(VERIFIED_PURGED)
    assert set(purged["audit_chain"]) == set(VERIFIED_PURGED["audit_chain"])
    day = purged["audit_chain"]["purged_on"]
    assert len(day) == 10 and day.startswith("20") and day[4] == "-"
    assert f"deleted from this service on {day}" in purged["reasons"][1]


async def test_schema_shows_both_examples_with_purged_on(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    answer = schema["paths"]["/api/v1/verify"]["post"]["responses"]["200"]
    examples = answer["content"]["application/json"]["examples"]
    chains = [e["value"]["audit_chain"] for e in examples.values()]
    assert {c["purged_on"] for c in chains} == {None, "2027-11-28"}, chains
    page = (await client.get("/schema")).text
    assert "purged_on" in page


async def test_schema_says_what_sealed_by_this_instance_means(client: AsyncTestClient) -> None:
    """The field keeps its old name for the clients that read it; /schema says that it
    means 'sealed by this service', the words formseal uses everywhere else."""
    schema = (await client.get("/schema/openapi.json")).json()
    answer = schema["paths"]["/api/v1/verify"]["post"]["responses"]["200"]
    assert "`sealed_by_this_instance` means sealed by this service" in answer["description"]
    assert "kept" in answer["description"]
