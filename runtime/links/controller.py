"""/f/<template id>?…&sig=…: open a signed prefill link; and the API that makes them."""

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect

from runtime.accounts.service import Caller
from runtime.api import examples_conflicts as conflicts
from runtime.api.auth import key_first, provide_caller, require
from runtime.envelopes.schemas import RecipientIn
from runtime.links import service
from runtime.settings import Settings


class LinkRecipient(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    email: str


class LinkIn(msgspec.Struct, forbid_unknown_fields=True):
    recipient: LinkRecipient
    prefill: dict[str, Any] = {}
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30


class OpenLinkController(Controller):
    path = "/f"
    include_in_schema = False

    @get("/{template_id:uuid}")
    async def open_link(
        self, template_id: uuid.UUID, request: Request, settings: Settings
    ) -> Redirect:
        params = {k: v for k, v in request.query_params.items()}
        url = await service.open_link(settings, template_id, params)
        return Redirect("/" + url.split("/", 3)[3], status_code=303)


class LinksApiController(Controller):
    path = "/api/v1/templates/{template_id:uuid}/links"
    tags = ["templates"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @post(
        "/",
        summary="Make a signed link that opens the form prefilled for one person",
        status_code=201,
        opt={
            "scope": "send",
            "problems": {
                "409": "The template needs other parties besides the person the link is for, "
                "or it is archived"
            },
            "problem_examples": {
                "409": [
                    ("More than one party", conflicts.LINK_MORE_PARTIES),
                    ("Archived", conflicts.LINK_ARCHIVED),
                ]
            },
        },
    )
    async def make(
        self, caller: Caller, template_id: uuid.UUID, data: LinkIn, settings: Settings
    ) -> dict[str, str]:
        require(caller, "send")
        url = await service.make_link(
            settings,
            caller.organisation_id,
            template_id,
            RecipientIn(role="", name=data.recipient.name, email=data.recipient.email),
            data.prefill,
            data.expires_in_days,
        )
        return {"url": url}
