"""Once every party has signed, the envelope is a signed agreement waiting for its seal: it
can no longer be voided (docs/decisions/0008). The designer hides Void and offers "Try
sealing again" when the seal failed; the API answers 409 with a problem detail that says why."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import Envelope, Job
from tests.integration.conftest import Org, create_envelope, fill_demo, import_template, path_of
from tests.integration.designer.conftest import Author, sign_in

EVERYONE_SIGNED = "Everyone has signed this envelope, so it can no longer be voided"


async def _signed_not_sealed(client: AsyncTestClient, org: Org) -> str:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    return str(envelope["id"])


async def test_the_api_refuses_to_void_a_signed_envelope_with_a_problem_detail(
    client: AsyncTestClient, org: Org
) -> None:
    envelope_id = await _signed_not_sealed(client, org)
    answer = await client.post(
        f"/api/v1/envelopes/{envelope_id}/void",
        json={"reason": "Changed our mind"},
        headers=org.auth,
    )
    assert answer.status_code == 409
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["status"] == 409 and EVERYONE_SIGNED in body["detail"]
    assert body["code"] == "everyone_signed"
    row = (
        await Envelope.select(Envelope.status).where(Envelope.id == uuid.UUID(envelope_id)).first()
    )
    assert row["status"] != "voided"

    # an envelope someone still has to sign can be voided, as before
    template = await import_template(client, org)
    open_ = await create_envelope(client, org, template["id"])
    voided = await client.post(
        f"/api/v1/envelopes/{open_['id']}/void", json={"reason": "Wrong person"}, headers=org.auth
    )
    assert voided.status_code == 200 and voided.json()["status"] == "voided"


async def test_the_designer_hides_void_refuses_it_and_offers_to_seal_again(
    client: AsyncTestClient, author: Author
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    envelope_id = await _signed_not_sealed(client, org)
    await Job.update(
        {Job.status: "failed", Job.last_error: "RuntimeError: the sealing key is unreadable"}
    ).where(Job.dedupe_key == f"seal:{envelope_id}")
    token = await sign_in(client, author)

    page = await client.get(f"/designer/envelopes/{envelope_id}")
    assert "Void this envelope" not in page.text
    assert "Everyone has signed" in page.text and "Try sealing again" in page.text

    refused = await client.post(
        f"/designer/envelopes/{envelope_id}/void",
        data={"_csrf_token": token, "reason": "Changed our mind"},
    )
    assert refused.status_code == 409 and EVERYONE_SIGNED in refused.text

    again = await client.post(
        f"/designer/settings/problems/envelopes/{envelope_id}/retry",
        data={"_csrf_token": token, "back": "envelope"},
    )
    assert again.status_code == 303
    assert again.headers["location"] == f"/designer/envelopes/{envelope_id}?done=seal-seal"
    job = await Job.select(Job.status).where(Job.dedupe_key == f"seal:{envelope_id}").first()
    assert job["status"] == "queued"
    shown = await client.get(again.headers["location"])
    assert "The seal was queued again" in shown.text
