"""Two organisations embed forms, each with its own issuer: a token minted with the other
one's issuer opens the other organisation, and the frame says which."""

import time
import uuid

from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.tables import Organisation
from tests.integration.conftest import Org, import_template, new_org
from tests.integration.embed_helpers import FORM, INTRANET


async def _embedding(client: AsyncTestClient, org: Org, issuer: str) -> str:
    answer = await client.put(
        "/api/v1/organisation/embedding",
        headers=org.auth,
        json={"origins": [INTRANET], "issuer": issuer},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["secret"]


async def test_a_token_for_another_organisation_names_the_organisation_it_opened(
    client: AsyncTestClient, org: Org
) -> None:
    """The form is published in one subsidiary; the intranet's server signed with the
    other's issuer and secret. The frame said only "No form called 'equipment-request' is
    published for embedding", which the IT person could see was published."""
    other = await new_org("Subsidiary")
    await _embedding(client, org, f"https://intranet.example.com/{uuid.uuid4().hex[:8]}")
    other_issuer = f"https://intranet.example.com/{uuid.uuid4().hex[:8]}"
    other_secret = await _embedding(client, other, other_issuer)
    slug = (await import_template(client, org, FORM))["slug"]
    now = int(time.time())
    token = jwt.encode(
        {"iss": other_issuer, "aud": "formseal", "sub": "u-1", "iat": now, "exp": now + 300},
        other_secret,
        algorithm="HS256",
    )
    answer = await client.get(f"/embed/{slug}", params={"token": token, "origin": INTRANET})
    assert answer.status_code == 404
    named = await Organisation.select(Organisation.name).where(Organisation.id == other.id).first()
    wanted = f"No form called &#39;{slug}&#39; is published for embedding in {named['name']}."
    assert wanted in answer.text
