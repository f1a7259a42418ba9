"""Every envelope answer of the API says how the envelope was made (`sent_via`), as the
designer's lists do: an integrator could not tell its own envelopes from those a prefill
link, an embedded form or a person in the designer made."""

from urllib.parse import urlsplit

from litestar.testing import AsyncTestClient

from runtime.api import examples as ex
from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, import_template


async def test_envelope_answers_say_how_it_was_made(client: AsyncTestClient, org: Org) -> None:
    template = await import_template(client, org)
    created = await create_envelope(client, org, template["id"])
    assert created["sent_via"] == "api"
    link = await client.post(
        f"/api/v1/templates/{template['id']}/links",
        headers=org.auth,
        json={"recipient": {"name": "Rita Buyer", "email": "rita@example.com"}},
    )
    assert link.status_code == 201, link.text
    url = urlsplit(link.json()["url"])
    opened = await client.get(f"{url.path}?{url.query}")  # the link makes its envelope
    assert opened.status_code == 303, opened.text

    got = (await client.get(f"/api/v1/envelopes/{created['id']}", headers=org.auth)).json()
    assert got["sent_via"] == "api"
    listed = (await client.get("/api/v1/envelopes", headers=org.auth)).json()["items"]
    via = {item["id"]: item["sent_via"] for item in listed}
    assert via.pop(created["id"]) == "api" and list(via.values()) == ["link"]
    found = (await client.get("/api/v1/envelopes/search", headers=org.auth)).json()["items"]
    assert sorted(item["sent_via"] for item in found) == ["api", "link"]

    # an envelope whose origin was never recorded says so, rather than an empty word
    await Envelope.update({Envelope.sent_via: ""}).where(Envelope.organisation == org.id)
    got = (await client.get(f"/api/v1/envelopes/{created['id']}", headers=org.auth)).json()
    assert got["sent_via"] is None


async def test_the_schema_examples_show_sent_via(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    one = schema["paths"]["/api/v1/envelopes/{envelope_id}"]["get"]["responses"]["200"]
    examples = one["content"]["application/json"]["examples"].values()
    assert {e["value"]["sent_via"] for e in examples} == {"api"}
    listed = schema["paths"]["/api/v1/envelopes"]["get"]["responses"]["200"]
    (example,) = listed["content"]["application/json"]["examples"].values()
    assert example["value"]["items"][0]["sent_via"] == ex.ENVELOPE_LIST["items"][0]["sent_via"]
