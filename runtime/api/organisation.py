"""/api/v1/organisation/embedding: who may frame the forms and how their JWTs are checked."""

import hashlib
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, delete, get, put
from litestar.di import Provide

from runtime import audit
from runtime.accounts.service import Caller
from runtime.api import examples_conflicts as conflicts
from runtime.api import examples_settings as exs
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.embed import setup
from runtime.settings import Settings
from runtime.tables import Organisation


class ConsentIn(msgspec.Struct, forbid_unknown_fields=True):
    """The wording signers agree to before the first step; empty restores the default."""

    text: Annotated[str, msgspec.Meta(max_length=10_000)]


class EmbeddingIn(msgspec.Struct, forbid_unknown_fields=True):
    origins: list[str]
    issuer: Annotated[str, msgspec.Meta(min_length=1, max_length=setup.ISSUER_MAX)]
    mode: Literal["hs256", "jwks"] = "hs256"
    jwks_url: str = ""
    audience: Annotated[str, msgspec.Meta(min_length=1, max_length=setup.AUDIENCE_MAX)] = "formseal"
    max_age_seconds: Annotated[
        int, msgspec.Meta(ge=setup.MAX_AGE_RANGE[0], le=setup.MAX_AGE_RANGE[1])
    ] = 300
    rotate_secret: bool = False


class OrganisationController(Controller):
    """Thin: the rules are runtime/embed/setup.py's, shared with the designer's screen."""

    path = "/api/v1/organisation"
    tags = ["organisation"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @get(
        "/embedding",
        summary="How forms may be embedded (whether a secret is set, not the secret)",
        operation_class=documented(responses={200: [("No secret", exs.EMBEDDING)]}),
    )
    async def get_embedding(self, caller: Caller) -> dict[str, Any]:
        require(caller, "admin")
        return await setup.get_embedding(caller.organisation_id)

    @put(
        "/embedding",
        summary="Set the allowed intranet origins and the JWT check",
        opt={
            "scope": "admin",
            "problems": {
                "409": "Another request changed the settings (and their secret) at the same "
                "moment: nothing was saved"
            },
            "problem_examples": {
                "409": [("Changed meanwhile", conflicts.EMBEDDING_CHANGED_MEANWHILE)]
            },
        },
        operation_class=documented(
            request=("The intranet, with a shared secret (HS256)", exs.EMBEDDING_SET),
            responses={200: [("The new secret is shown only here", exs.EMBEDDING_SAVED)]},
        ),
    )
    async def set_embedding(
        self, caller: Caller, data: EmbeddingIn, settings: Settings
    ) -> dict[str, Any]:
        require(caller, "admin")
        change = setup.EmbeddingChange(**msgspec.structs.asdict(data))
        saved, secret = await setup.save_embedding(
            caller.organisation_id,
            change,
            actor="api",
            jwks_allowed_hosts=settings.jwks_allowed_hosts,
        )
        # shown once: only the answer that created or rotated the secret holds it
        return {**saved, "secret": secret}

    @delete("/embedding", summary="Turn embedding off: clear the origins, issuer and keys")
    async def turn_off_embedding(self, caller: Caller) -> None:
        require(caller, "admin")
        await setup.turn_off(caller.organisation_id, actor="api")


class ConsentController(Controller):
    path = "/api/v1/organisation/consent"
    tags = ["organisation"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

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

    @put(
        "/",
        summary="Set the consent wording (paragraphs separated by blank lines)",
        opt={"scope": "admin"},
    )
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
