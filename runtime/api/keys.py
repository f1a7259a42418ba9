"""/api/v1/api-keys: list, create (shown once) and revoke the organisation's keys (admin)."""

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import Provide

from runtime.accounts.service import (
    SCOPES,
    Caller,
    api_key_id,
    create_api_key,
    distinct_scopes,
    list_api_keys,
    revoke_api_key,
    scopes_problem,
)
from runtime.api import examples_settings as exs
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.errors import Invalid

NAME_LIMIT = 200  # as on the designer's API keys screen


class KeyIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(max_length=NAME_LIMIT)]
    scopes: Annotated[
        list[str],
        msgspec.Meta(
            description=f"Some of {', '.join(SCOPES)}; left out: all three (an empty list is "
            "refused)",
            examples=[["read"]],
        ),
    ] = msgspec.field(default_factory=lambda: list(SCOPES))


class ApiKeysController(Controller):
    path = "/api/v1/api-keys"
    tags = ["api keys"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @get(
        "/",
        summary="List keys (prefix, name, scopes; never the key)",
        operation_class=documented(responses={200: [("One key", exs.API_KEYS)]}),
    )
    async def list_keys(self, caller: Caller) -> dict[str, Any]:
        require(caller, "admin")
        return {"items": await list_api_keys(caller.organisation_id)}

    @post(
        "/",
        summary="Create a key; the answer is the only time it is shown",
        status_code=201,
        opt={"scope": "admin"},
        operation_class=documented(
            request=("A read-only key for reports", exs.API_KEY_CREATE),
            responses={201: [("The key is shown only here", exs.API_KEY_CREATED)]},
        ),
    )
    async def create(self, caller: Caller, data: KeyIn) -> dict[str, Any]:
        require(caller, "admin")
        name = data.name.strip()
        errors = []  # every problem at once, each at its key
        if not name:
            message = "Enter a name that says who or what uses the key, like “CRM”."
            errors.append({"path": "$.name", "message": message})
        scopes = scopes_problem(data.scopes) or (
            "" if data.scopes else f"Give the key at least one scope: {', '.join(SCOPES)}."
        )
        if scopes:
            errors.append({"path": "$.scopes", "message": scopes})
        if errors:
            raise Invalid(" ".join(e["message"] for e in errors), extra={"errors": errors})
        scopes_given = distinct_scopes(data.scopes)
        key = await create_api_key(caller.organisation_id, name, scopes_given, actor="api")
        key_id = str(await api_key_id(key))  # what DELETE takes
        return {
            "id": key_id,
            "key": key,
            "prefix": key[:10],
            "name": name,
            "scopes": list(scopes_given),
        }

    @delete("/{key_id:uuid}", summary="Revoke a key at once")
    async def revoke(self, caller: Caller, key_id: uuid.UUID) -> None:
        require(caller, "admin")
        await revoke_api_key(caller.organisation_id, key_id, actor="api")
