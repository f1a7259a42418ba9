"""/api/v1/organisation/embedding: who may frame the forms and how their JWTs are checked."""

import hashlib
import secrets
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, get, put
from litestar.di import Provide

from runtime import audit
from runtime.accounts.service import Caller
from runtime.api.auth import provide_caller, require
from runtime.embed.service import normalise_origin
from runtime.errors import Invalid
from runtime.tables import Organisation


class ConsentIn(msgspec.Struct, forbid_unknown_fields=True):
    """The wording signers agree to before the first step; empty restores the default."""

    text: Annotated[str, msgspec.Meta(max_length=10_000)]


class EmbeddingIn(msgspec.Struct, forbid_unknown_fields=True):
    origins: list[str]
    issuer: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    mode: Literal["hs256", "jwks"] = "hs256"
    jwks_url: str = ""
    audience: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] = "formseal"
    max_age_seconds: Annotated[int, msgspec.Meta(ge=30, le=86400)] = 300
    rotate_secret: bool = False


def _view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "origins": row["embed_origins"].split(),
        "issuer": row["embed_issuer"],
        "audience": row["embed_audience"],
        "mode": "hs256" if row["embed_secret"] else ("jwks" if row["embed_jwks_url"] else None),
        "secret": row["embed_secret"] or None,
        "jwks_url": row["embed_jwks_url"] or None,
        "max_age_seconds": row["embed_max_age_seconds"],
    }


async def _current(caller: Caller) -> dict[str, Any]:
    row = await Organisation.select().where(Organisation.id == caller.organisation_id).first()
    assert row is not None
    return _view(row)


class OrganisationController(Controller):
    path = "/api/v1/organisation"
    tags = ["organisation"]
    dependencies = {"caller": Provide(provide_caller)}

    @get("/embedding", summary="How forms may be embedded (the HS256 secret included)")
    async def get_embedding(self, caller: Caller) -> dict[str, Any]:
        require(caller, "admin")
        return await _current(caller)

    @put("/embedding", summary="Set the allowed intranet origins and the JWT check")
    async def set_embedding(self, caller: Caller, data: EmbeddingIn) -> dict[str, Any]:
        require(caller, "admin")
        origins = sorted({normalise_origin(o) for o in data.origins})
        if not origins:
            raise Invalid("List at least one origin, like https://intranet.example.com.")
        taken = await Organisation.exists().where(
            (Organisation.embed_issuer == data.issuer) & (Organisation.id != caller.organisation_id)
        )
        if taken:
            raise Invalid("Another organisation already uses this issuer.")
        row = await Organisation.select().where(Organisation.id == caller.organisation_id).first()
        assert row is not None
        values: dict[Any, Any] = {
            Organisation.embed_origins: " ".join(origins),
            Organisation.embed_issuer: data.issuer,
            Organisation.embed_audience: data.audience,
            Organisation.embed_max_age_seconds: data.max_age_seconds,
        }
        if data.mode == "hs256":
            keep = row["embed_secret"] and not data.rotate_secret
            values[Organisation.embed_secret] = (
                # hex: a secret starting with "-" broke command lines (`--secret -x…`)
                row["embed_secret"] if keep else secrets.token_hex(32)
            )
            values[Organisation.embed_jwks_url] = ""
        else:
            if not data.jwks_url.startswith(("https://", "http://")):
                raise Invalid("Give the identity provider's JWKS URL (https://…/jwks.json).")
            values[Organisation.embed_secret] = ""
            values[Organisation.embed_jwks_url] = data.jwks_url
        await Organisation.update(values).where(Organisation.id == caller.organisation_id)
        return await _current(caller)


class ConsentController(Controller):
    path = "/api/v1/organisation/consent"
    tags = ["organisation"]
    dependencies = {"caller": Provide(provide_caller)}

    @get("/", summary="The consent wording signers see (empty: the theme's default)")
    async def get_consent(self, caller: Caller) -> dict[str, Any]:
        require(caller, "admin")
        row = (
            await Organisation.select(Organisation.consent_text)
            .where(Organisation.id == caller.organisation_id)
            .first()
        )
        assert row is not None
        return {"text": row["consent_text"], "custom": bool(row["consent_text"].strip())}

    @put("/", summary="Set the consent wording (paragraphs separated by blank lines)")
    async def set_consent(self, caller: Caller, data: ConsentIn) -> dict[str, Any]:
        require(caller, "admin")
        text = "\n\n".join(
            p.strip() for p in data.text.replace("\r\n", "\n").split("\n\n") if p.strip()
        )
        await Organisation.update({Organisation.consent_text: text}).where(
            Organisation.id == caller.organisation_id
        )
        await audit.record(
            caller.organisation_id,
            "organisation.consent_text",
            actor="api",
            data={"sha256": hashlib.sha256(text.encode()).hexdigest(), "custom": bool(text)},
        )
        return {"text": text, "custom": bool(text)}
