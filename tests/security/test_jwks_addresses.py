"""Embedding JWKS URLs (SECURITY.md 24, as for webhooks): one organisation's administrator
on a shared instance must not make the server connect to its internal addresses. A local
listening socket, named in every spelling, records no connection, whether the URL is typed
now (refused when saved) or was stored before (refused when a token arrives)."""

import logging
from dataclasses import replace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt

from runtime.embed import tokens
from runtime.settings import Settings
from runtime.tables import Organisation
from tests.integration.conftest import Org, import_template, shared_app_client
from tests.integration.embed_helpers import FORM, INTRANET, claims
from tests.security.helpers import sqlite_only

SPELLINGS = [
    "http://127.0.0.1:{port}/jwks",
    "https://127.0.0.1:{port}/jwks",
    "http://localhost:{port}/jwks",
    "https://127.1:{port}/jwks",
    "https://2130706433:{port}/jwks",
    "https://[::ffff:127.0.0.1]:{port}/jwks",
    "https://[64:ff9b::7f00:1]:{port}/jwks",
]
ADVICE = "an internal address; add it to FORMSEAL_JWKS_ALLOWED_HOSTS to allow it."
PRIVATE = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    .decode()
)
IDS = ["http", "https", "localhost", "short", "decimal", "mapped", "nat64"]


@sqlite_only
@pytest.mark.parametrize("spelling", SPELLINGS, ids=IDS)
async def test_an_internal_jwks_url_connects_nowhere(
    settings: Settings,
    org: Org,
    listener: Any,
    spelling: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port, hits = listener
    url = spelling.format(port=port)
    issuer = f"https://idp.example.com/{port}/{IDS[SPELLINGS.index(spelling)]}"
    async with shared_app_client(replace(settings, jwks_allowed_hosts="")) as client:
        saved = await client.put(
            "/api/v1/organisation/embedding",
            headers=org.auth,
            json={"origins": [INTRANET], "issuer": issuer, "mode": "jwks", "jwks_url": url},
        )
        assert saved.status_code == 422, saved.text
        assert "FORMSEAL_JWKS_ALLOWED_HOSTS" in saved.json()["errors"][0]["message"]

        # stored before the rule (or while the operator allowed it): refused at fetch time
        await Organisation.update(
            {
                Organisation.embed_origins: INTRANET,
                Organisation.embed_issuer: issuer,
                Organisation.embed_jwks_url: url,
            }
        ).where(Organisation.id == org.id)
        slug = (await import_template(client, org, FORM))["slug"]
        tokens._jwks_cache.clear()
        signed = jwt.encode({**claims(), "iss": issuer}, PRIVATE, "RS256", headers={"kid": "k"})
        with caplog.at_level(logging.WARNING, logger="formseal.embed"):
            answer = await client.get(f"/embed/{slug}", params={"token": signed})
    assert answer.status_code == 401
    reasons = [r.getMessage() for r in caplog.records if r.name == "formseal.embed"]
    assert f"GET {url}: " in reasons[-1] and ADVICE in reasons[-1]
    assert hits == []
