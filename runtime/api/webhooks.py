"""/api/v1/webhooks: endpoints, their delivery log, manual redelivery, secret rotation.

An endpoint's signing secret is in the answers of the POSTs that create the endpoint or
rotate its secret, nowhere else (runtime/webhooks/service.py)."""

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, delete, get, post
from litestar.di import Provide

from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api import examples_settings as exs
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.webhooks import service


class EndpointIn(msgspec.Struct, forbid_unknown_fields=True):
    url: Annotated[str, msgspec.Meta(max_length=2000)]
    events: Annotated[
        list[str],
        msgspec.Meta(
            description=f"Some of {', '.join(service.EVENTS)}; empty or left out: every event",
            examples=[["envelope.completed"]],
        ),
    ] = []
    description: Annotated[str, msgspec.Meta(max_length=200)] = ""


class WebhooksController(Controller):
    path = "/api/v1/webhooks"
    tags = ["webhooks"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @get("/", summary="List webhook endpoints")
    async def list_endpoints(self, caller: Caller) -> dict[str, Any]:
        require(caller, "admin")
        return {
            "items": await service.list_endpoints(caller.organisation_id),
            "events": list(service.EVENTS),
        }

    @post(
        "/",
        summary="Add an endpoint (its signing secret is in this answer only)",
        status_code=201,
        operation_class=documented(
            request=("Completed envelopes to the CRM", ex.WEBHOOK_CREATE),
            responses={201: [("The secret is shown only here", ex.WEBHOOK_CREATED)]},
        ),
        opt={"scope": "admin"},
    )
    async def create(self, caller: Caller, data: EndpointIn) -> dict[str, Any]:
        require(caller, "admin")
        return await service.create_endpoint(
            caller.organisation_id, data.url, data.events, data.description, actor="api"
        )

    @get(
        "/{endpoint_id:uuid}",
        summary="Get an endpoint (how its secret ends and when it was made, not the secret)",
        operation_class=documented(responses={200: [("No secret", ex.WEBHOOK)]}),
    )
    async def get_endpoint(self, caller: Caller, endpoint_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "admin")
        return await service.get_endpoint(caller.organisation_id, endpoint_id)

    @post(
        "/{endpoint_id:uuid}/rotate-secret",
        summary="Give an endpoint a new signing secret (in this answer only)",
        status_code=200,
        opt={
            "problems": {
                "409": "The endpoint was removed, or another request rotated its secret at "
                "the same moment (that answer holds the secret in use)"
            },
            "problem_examples": {
                "409": [
                    ("Removed", conflicts.ENDPOINT_REMOVED_ROTATE),
                    ("Rotated meanwhile", conflicts.SECRET_ROTATED_MEANWHILE),
                ]
            },
        },
        operation_class=documented(
            responses={200: [("The new secret is shown only here", ex.WEBHOOK_ROTATED)]}
        ),
    )
    async def rotate_secret(self, caller: Caller, endpoint_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "admin")
        return await service.rotate_secret(caller.organisation_id, endpoint_id, actor="api")

    @delete("/{endpoint_id:uuid}", summary="Remove an endpoint (pending deliveries are cancelled)")
    async def remove(self, caller: Caller, endpoint_id: uuid.UUID) -> None:
        require(caller, "admin")
        await service.delete_endpoint(caller.organisation_id, endpoint_id, actor="api")

    @get(
        "/{endpoint_id:uuid}/deliveries",
        summary="The delivery log: status code and reply excerpt",
        operation_class=documented(
            responses={200: [("The receiver was down; retried later", exs.DELIVERIES)]}
        ),
    )
    async def deliveries(self, caller: Caller, endpoint_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "admin")
        return {"items": await service.deliveries(caller.organisation_id, endpoint_id)}

    @post(
        "/{endpoint_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        summary="Send a delivery again",
        status_code=202,
        opt={
            "problems": {"409": "The endpoint was removed"},
            "problem_examples": {"409": [("Removed", conflicts.ENDPOINT_REMOVED_REDELIVER)]},
        },
    )
    async def redeliver(
        self, caller: Caller, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
    ) -> dict[str, str]:
        require(caller, "admin")
        await service.redeliver(caller.organisation_id, endpoint_id, delivery_id, actor="api")
        return {"status": "queued"}
