"""/api/v1/templates: list, get, import (create + publish v1), export, publish."""

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post, route
from litestar.di import Provide

from components import dump_definition
from components.definition import json_syntax_problem
from components.json_numbers import TOO_LARGE
from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.download import GET_AND_HEAD, Download
from runtime.errors import DomainError, Invalid, NotFound
from runtime.file_names import content_disposition, template_export_name
from runtime.organisations.sharing import shared_templates, usable_template
from runtime.templates import service


class UnsupportedMediaType(DomainError):
    status_code = 415
    title = "Unsupported media type"


JSON_ONLY = "The body is not sent as JSON (`Content-Type: application/json`)"


async def _json_body(request: Request) -> bytes:
    """The definition's bytes; a body that is empty or not JSON is a 400, as on every API
    operation (docs/api.md: a request that cannot be read), before it is checked (422)."""
    if "json" not in request.headers.get("content-type", "").lower():  # types ignore case
        raise UnsupportedMediaType("Send the definition as JSON (Content-Type: application/json).")
    body = await request.body()
    if not body.strip():
        raise DomainError(
            "The request body is empty: send the template definition as a JSON object.",
            extra={"errors": [{"path": "$", "message": "is required"}]},
        )
    unreadable = json_syntax_problem(body)
    if unreadable is not None and unreadable.message == TOO_LARGE:  # read, but out of range
        raise Invalid(
            f"The request body is not valid: {unreadable.path} {TOO_LARGE}.",
            extra={"errors": [unreadable.as_dict()]},
        )
    if unreadable is not None:
        deep = unreadable.message == "is nested too deeply"
        raise DomainError(
            "The request body is nested too deeply."
            if deep
            else "The request body is not valid JSON.",
            extra={"errors": [unreadable.as_dict()]},
        )
    return body


async def _own(caller: Caller, template_id: uuid.UUID, action: str) -> None:
    """A template an organisation above shares is listed and can be read and sent, but only
    its owner publishes or exports it: say so rather than "No template with id …" about a
    template the list shows (still a 404: it is not one of this organisation's)."""
    template = await usable_template(caller.organisation_id, template_id)
    if template["organisation"] != caller.organisation_id:
        raise NotFound(
            f"“{template['name']}” is shared with your organisation by one above it: you can "
            f"read it and send it, but only the organisation that owns it {action} it."
        )


class TemplatesController(Controller):
    path = "/api/v1/templates"
    tags = ["templates"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @get("/", summary="List templates (with those an organisation above shares with yours)")
    async def list_templates(self, caller: Caller) -> dict[str, Any]:
        require(caller, "read")
        own = [
            {**t, "shared": False, "owner_organisation_id": str(caller.organisation_id)}
            for t in await service.list_templates(caller.organisation_id)
        ]
        shared = [
            {
                "id": str(t["id"]),
                "slug": t["slug"],
                "name": t["name"],
                "status": t["status"],
                "latest_version": t["latest_version"],
                "shared": True,
                "owner_organisation_id": str(t["organisation"]),
                "send_as": t["send_as"],
            }
            for t in await shared_templates(caller.organisation_id)
        ]
        return {"items": own + shared}

    @post(
        "/",
        summary="Import a definition and publish it as version 1",
        status_code=201,
        opt={"problems": {"415": JSON_ONLY}},
        operation_class=documented(
            request=("A template definition", ex.DEFINITION),
            responses={
                201: [
                    ("Imported and published as version 1", ex.TEMPLATE),
                    ("Published, with what the designer would warn about", ex.WARNED),
                ]
            },
        ),
    )
    async def import_template(self, caller: Caller, request: Request) -> dict[str, Any]:
        require(caller, "admin")
        body = await _json_body(request)
        return await service.import_and_publish(caller.organisation_id, body, actor="api")

    @get(
        "/{template_id:uuid}",
        summary="Get a template with its latest version (and what publishing warned about)",
        operation_class=documented(
            responses={200: [("The latest version, with its warnings", ex.FETCHED)]}
        ),
    )
    async def get_template(self, caller: Caller, template_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        # a template shared from above is read (never edited) in its owner's organisation
        owner = (await usable_template(caller.organisation_id, template_id))["organisation"]
        template = await service.get_template(owner, template_id)
        return {**template, "warnings": service.warnings_of(template["definition"])}

    @route(
        "/{template_id:uuid}/export",
        http_method=GET_AND_HEAD,
        summary="Export the latest definition (or ?version=N) as canonical JSON",
        media_type="application/json",
        response_description="The definition as a JSON file, named after the template and "
        "its version",
    )
    async def export_template(
        self, caller: Caller, template_id: uuid.UUID, version: int | None = None
    ) -> Download:
        require(caller, "read")
        if version is not None and version < 1:
            raise Invalid(
                "version must be 1 or more.",
                extra={"errors": [{"parameter": "version", "message": "must be 1 or more"}]},
            )
        await _own(caller, template_id, "exports")
        definition, number = await service.export_version(
            caller.organisation_id, template_id, version
        )
        # named as the designer's download is: "Service agreement – version 3.json"
        name = template_export_name(definition.name, number)
        body = dump_definition(definition)
        return Download(
            [body],
            media_type="application/json",
            headers={
                "Content-Disposition": content_disposition(name),
                "Content-Length": str(len(body)),
            },
        )

    @post(
        "/{template_id:uuid}/publish",
        summary="Publish a new version",
        status_code=201,
        opt={
            "problems": {
                "415": JSON_ONLY,
                "409": "Another request published the template at the same moment: "
                "nothing was published",
            },
            "problem_examples": {"409": [("Published meanwhile", conflicts.PUBLISHED_MEANWHILE)]},
        },
        operation_class=documented(
            request=("The changed definition", ex.DEFINITION),
            responses={
                201: [("Published as version 2", ex.PUBLISHED)],
                200: [("The same definition as version 2: nothing published", ex.UNCHANGED)],
            },
        ),
    )
    async def publish(
        self, caller: Caller, template_id: uuid.UUID, request: Request
    ) -> Response[dict[str, Any]]:
        require(caller, "admin")
        body = await _json_body(request)
        await _own(caller, template_id, "publishes")
        result = await service.publish(caller.organisation_id, template_id, body, actor="api")
        # the latest version's very definition: nothing new was created
        return Response(result, status_code=201 if result["published"] else 200)
