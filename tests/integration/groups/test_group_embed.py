"""A form the parent shares can be embedded by each subsidiary under its own embedding
settings: the envelope belongs to the subsidiary whose token opened it, opening it again
resumes that envelope, and the parent's unshared forms are not embeddable."""

import uuid

from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.tables import Envelope
from tests.integration.conftest import Org, import_template
from tests.integration.embed_helpers import FORM, INTRANET, claims
from tests.integration.groups.conftest import make_group, share


async def _embedding(client: AsyncTestClient, org: Org, issuer: str) -> str:
    answer = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": [INTRANET], "issuer": issuer},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["secret"]


async def _open(client: AsyncTestClient, slug: str, secret: str, issuer: str) -> None:
    token = jwt.encode(claims(iss=issuer), secret, algorithm="HS256")
    opened = await client.get(f"/embed/{slug}", params={"token": token, "origin": INTRANET})
    assert opened.status_code == 303, opened.text


async def test_each_subsidiary_embeds_the_shared_form_as_its_own(client: AsyncTestClient) -> None:
    group = await make_group()
    template = await import_template(client, group.parent, FORM)
    await share(template["id"], "own")
    issuer = f"https://idp.example.com/{uuid.uuid4().hex[:8]}"
    secret_a = await _embedding(client, group.a, issuer)

    await _open(client, template["slug"], secret_a, issuer)
    await _open(client, template["slug"], secret_a, issuer)  # resumed, not a second one
    a_envelopes = await Envelope.count().where(Envelope.organisation == group.a.id)
    assert a_envelopes == 1

    # B embeds the same form with its own secret: B's envelope, not A's resumed
    issuer_b = issuer + "/b"
    secret_b = await _embedding(client, group.b, issuer_b)
    await _open(client, template["slug"], secret_b, issuer_b)
    assert await Envelope.count().where(Envelope.organisation == group.b.id) == 1
    assert await Envelope.count().where(Envelope.organisation == group.a.id) == 1

    # the parent's unshared form is not embeddable by a subsidiary
    private = {**FORM, "name": "Parent only form"}
    hidden = await import_template(client, group.parent, private)
    token = jwt.encode(claims(iss=issuer), secret_a, algorithm="HS256")
    refused = await client.get(
        f"/embed/{hidden['slug']}", params={"token": token, "origin": INTRANET}
    )
    assert refused.status_code == 404
