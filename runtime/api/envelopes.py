"""/api/v1/envelopes: create (and send), get status, download the sealed PDF."""

import uuid
from typing import Annotated, Any

from litestar import Controller, Response, get, post, route
from litestar.di import Provide
from litestar.params import HeaderParameter
from litestar.response import Stream

from runtime.accounts.service import Caller
from runtime.api import examples as ex
from runtime.api import examples_conflicts as conflicts
from runtime.api import examples_settings as exs
from runtime.api.auth import key_first, provide_caller, require
from runtime.api.documented import documented
from runtime.api.list_query import DEFAULT_PER_PAGE, check_list_query
from runtime.api.openapi import UNKNOWN_TEMPLATE
from runtime.download import GET_AND_HEAD
from runtime.envelopes import actions, idempotency, service
from runtime.envelopes.downloads import sealed_pdf_download
from runtime.envelopes.resend import resend_link
from runtime.envelopes.schemas import EnvelopeCreate, VoidRequest
from runtime.settings import Settings


class EnvelopesController(Controller):
    path = "/api/v1/envelopes"
    tags = ["envelopes"]
    dependencies = {"caller": Provide(provide_caller)}
    guards = [key_first]

    @post(
        "/",
        summary="Create and send an envelope",
        status_code=201,
        operation_class=documented(
            request=(
                "One customer, a prefilled PO number, expiring in 30 days",
                ex.ENVELOPE_CREATE,
            ),
            responses={201: [("Sent: the customer has their link", ex.ENVELOPE_CREATED)]},
        ),
        opt={
            "scope": "send",
            "problems": {
                **UNKNOWN_TEMPLATE,
                "409": "The template is archived (restore it in the template library), or "
                "the Idempotency-Key was used with another body, or its first request is "
                "still being handled",
            },
            "problem_examples": {
                "409": [
                    ("The template is archived", conflicts.TEMPLATE_ARCHIVED),
                    ("The key was used with another body", conflicts.ENVELOPE_KEY_REUSED),
                ]
            },
        },
    )
    async def create(
        self,
        caller: Caller,
        data: EnvelopeCreate,
        settings: Settings,
        idempotency_key: Annotated[
            str | None,
            HeaderParameter(
                name=idempotency.HEADER,
                description="Any unique text (a UUID): a retry with the same key and body "
                "gets the first answer again, and sends nothing twice (kept 24 hours)",
            ),
        ] = None,
    ) -> Response[dict[str, Any]]:
        require(caller, "send")

        async def create() -> dict[str, Any]:
            return await service.create_envelope(
                caller.organisation_id, data, settings=settings, actor="api"
            )

        if idempotency_key is None:
            return Response(await create(), status_code=201)
        return await idempotency.once(caller.organisation_id, idempotency_key, data, create)

    @get(
        "/",
        summary="List envelopes, newest first, with filters and pagination",
        opt={"max_per_page": actions.MAX_PER_PAGE, "problems": UNKNOWN_TEMPLATE},
        operation_class=documented(responses={200: [("One page", ex.ENVELOPE_LIST)]}),
        dependencies={"query_checked": Provide(check_list_query)},
    )
    async def list_envelopes(
        self,
        caller: Caller,
        query_checked: bool,  # every wrong parameter named at once (runtime/api/list_query.py)
        status: str | None = None,
        template_id: uuid.UUID | None = None,
        sender: str | None = None,
        created_from: str | None = None,
        created_to: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> dict[str, Any]:
        require(caller, "read")
        return await actions.list_envelopes(
            caller.organisation_id,
            status=status,
            template_id=template_id,
            sender=sender,
            created_from=created_from,
            created_to=created_to,
            page=page,
            per_page=per_page,
        )

    @post(
        "/{envelope_id:uuid}/void",
        summary="Void an envelope that is not finished",
        status_code=200,
        opt={
            "scope": "send",
            "problems": {
                "409": "The envelope is finished, or signed by everyone and waiting for its seal"
            },
            "problem_examples": {"409": [("Voided before", conflicts.ALREADY_VOIDED)]},
        },
    )
    async def void(
        self, caller: Caller, envelope_id: uuid.UUID, data: VoidRequest
    ) -> dict[str, Any]:
        require(caller, "send")
        return await actions.void_envelope(
            caller.organisation_id, envelope_id, data.reason, actor="api"
        )

    @post(
        "/{envelope_id:uuid}/remind",
        summary="Remind everyone whose turn it is, now",
        status_code=200,
        opt={
            "problems": {
                "409": "The envelope is not `sent` or `in_progress`, or nobody is left to act"
            },
            "problem_examples": {"409": [("Voided", conflicts.NOBODY_TO_REMIND)]},
        },
    )
    async def remind(self, caller: Caller, envelope_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "send")
        return await actions.remind_now(caller.organisation_id, envelope_id, actor="api")

    @post(
        "/{envelope_id:uuid}/recipients/{recipient_id:uuid}/resend",
        summary="Mail a recipient a fresh link; the link sent before stops working",
        status_code=200,
        opt={
            "problems": {"409": "The recipient cannot be sent a link now: `detail` says why"},
            "problem_examples": {"409": [("Voided", conflicts.NO_LINK_AGAIN)]},
        },
    )
    async def resend(
        self, caller: Caller, envelope_id: uuid.UUID, recipient_id: uuid.UUID, settings: Settings
    ) -> dict[str, Any]:
        require(caller, "send")
        return await resend_link(
            settings, caller.organisation_id, envelope_id, recipient_id, actor="api"
        )

    @get(
        "/{envelope_id:uuid}/audit",
        summary="The audit trail, with the state of its hash chain",
        operation_class=documented(
            responses={200: [("Sent; the chain is whole", exs.AUDIT_TRAIL)]}
        ),
    )
    async def audit(self, caller: Caller, envelope_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        return await actions.audit_trail(caller.organisation_id, envelope_id)

    @get(
        "/{envelope_id:uuid}",
        summary="Get an envelope's status, recipients and answers",
        operation_class=documented(
            responses={
                200: [
                    ("Waiting for the customer", ex.ENVELOPE),
                    ("Completed, with the answers", ex.ENVELOPE_COMPLETED),
                ]
            }
        ),
    )
    async def get_envelope(self, caller: Caller, envelope_id: uuid.UUID) -> dict[str, Any]:
        require(caller, "read")
        return await service.get_envelope(caller.organisation_id, envelope_id)

    @route(
        "/{envelope_id:uuid}/sealed.pdf",
        http_method=GET_AND_HEAD,
        summary="Download the sealed PDF",
        media_type="application/pdf",
        response_description="The sealed PDF, named after the template and the envelope",
        opt={
            "problems": {
                "409": "The envelope is not sealed (yet): `envelope_status` says where it is"
            },
            "problem_examples": {"409": [("Still waiting for a signer", conflicts.NOT_SEALED)]},
        },
    )
    async def sealed_pdf(
        self, caller: Caller, envelope_id: uuid.UUID, settings: Settings
    ) -> Stream:
        require(caller, "read")
        return await sealed_pdf_download(settings, caller.organisation_id, envelope_id)
