"""Every signer page under /s/<token>, with the signer's own error pages and gates."""

from litestar import Router

from runtime.errors import DomainError
from runtime.signing.controller import SigningController
from runtime.signing.documents_controller import SignerDocumentsController
from runtime.signing.files_controller import SignerFilesController
from runtime.signing.gate import GateRequired, error_page, gate_redirect
from runtime.signing.gate_controller import SignerGateController


def signer_router() -> Router:
    return Router(
        path="/s/{token:str}",
        route_handlers=[
            SigningController,
            SignerDocumentsController,
            SignerFilesController,
            SignerGateController,
        ],
        exception_handlers={GateRequired: gate_redirect, DomainError: error_page},  # type: ignore[dict-item]
        include_in_schema=False,
    )
