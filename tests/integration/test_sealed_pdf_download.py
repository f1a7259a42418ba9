"""GET /api/v1/envelopes/{id}/sealed.pdf without a seal: 'not sealed yet' only while the
envelope can still be completed; a declined or voided one says it is never sealed."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    import_template,
    open_link,
    path_of,
)


async def _sealed_pdf(client: AsyncTestClient, org: Org, envelope_id: str) -> dict:
    response = await client.get(f"/api/v1/envelopes/{envelope_id}/sealed.pdf", headers=org.auth)
    assert response.status_code == 409, response.text
    return dict(response.json())


async def test_a_declined_or_voided_envelope_is_never_sealed(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    declined = await create_envelope(client, org, template["id"])
    waiting = await _sealed_pdf(client, org, declined["id"])
    assert waiting["detail"] == "The envelope is not sealed yet."
    assert waiting["envelope_status"] == "sent"

    link = path_of(declined["recipients"][0]["signing_url"])
    await open_link(client, link)
    token = csrf_from((await client.get(f"{link}/decline")).text)
    done = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "Wrong fee."})
    assert done.status_code == 303
    answer = await _sealed_pdf(client, org, declined["id"])
    assert answer["envelope_status"] == "declined"
    assert answer["detail"] == (
        "The envelope was declined before everyone had signed, so it is never sealed: "
        "there is no sealed PDF."
    )

    voided = await create_envelope(client, org, template["id"])
    response = await client.post(
        f"/api/v1/envelopes/{voided['id']}/void", json={"reason": "Sent twice"}, headers=org.auth
    )
    assert response.status_code in (200, 201), response.text
    answer = await _sealed_pdf(client, org, voided["id"])
    assert answer["envelope_status"] == "voided" and "was voided" in answer["detail"]
