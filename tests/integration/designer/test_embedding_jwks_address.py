"""Settings -> Embedding: a JWKS URL on an internal address is refused beside its field,
naming the operator's setting that would allow it (FORMSEAL_JWKS_ALLOWED_HOSTS), and
nothing is saved; once the operator allows the network, the same URL is saved."""

import re
import uuid
from dataclasses import replace

from runtime.settings import Settings
from runtime.tables import Organisation
from tests.integration.conftest import shared_app_client
from tests.integration.designer.conftest import make_author, sign_in

URL = "/designer/settings/embedding"


def form(token: str, jwks_url: str) -> dict[str, str]:
    return {
        "_csrf_token": token,
        "origins": "https://intranet.example.com",
        "issuer": f"https://intranet.example.com/sso/{uuid.uuid4().hex[:8]}",
        "mode": "jwks",
        "jwks_url": jwks_url,
        "audience": "formseal",
        "max_age_seconds": "300",
    }


async def test_an_internal_jwks_url_is_refused_beside_its_field(settings: Settings) -> None:
    author = await make_author()
    internal = "https://10.20.30.40/realms/intranet/jwks"
    async with shared_app_client(replace(settings, jwks_allowed_hosts="")) as client:
        token = await sign_in(client, author)
        refused = await client.post(URL, data=form(token, internal))
    assert refused.status_code == 422
    text = refused.text.replace("&#x27;", "&#39;")
    error = text.split('id="embed-jwks-url-error"', 1)[1].split("</p>", 1)[0]
    error = re.sub(r"<[^>]*>", "", error)  # the setting's name is code, breakable at "_"
    assert (
        "10.20.30.40 is an internal address; add it to FORMSEAL_JWKS_ALLOWED_HOSTS to allow "
        "it. That is a setting of the server: ask whoever runs formseal."
    ) in error
    assert f'value="{internal}"' in text  # what was typed is kept
    row = await Organisation.select().where(Organisation.id == author.organisation_id).first()
    assert row is not None and row["embed_jwks_url"] == "" and row["embed_origins"] == ""

    allowing = replace(settings, jwks_allowed_hosts="10.0.0.0/8")
    async with shared_app_client(allowing) as client:
        token = await sign_in(client, author)
        saved = await client.post(URL, data=form(token, internal))
    assert saved.status_code == 303, saved.text
    row = await Organisation.select().where(Organisation.id == author.organisation_id).first()
    assert row is not None and row["embed_jwks_url"] == internal
