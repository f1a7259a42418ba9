"""The designer as one Litestar router at /designer: guards, dependencies, error pages.

runtime/app.py mounts `designer_router()`; nothing else in runtime/ imports designer/.
"""

from litestar import Router
from litestar.di import Provide

from designer.accounts import LoginRequired, login_redirect, provide_current_user, requires_login
from designer.accounts.account_controller import AccountController
from designer.accounts.controller import LoginController
from designer.accounts.guards import (
    RoleForbidden,
    TwoStepRequired,
    forbidden_page,
    two_step_redirect,
)
from designer.accounts.invitation_controller import InvitationController, InviteAgainController
from designer.accounts.two_step_controller import TwoStepController
from designer.accounts.users_controller import UsersController
from designer.admin.apply_controller import ApplyStampController
from designer.admin.controller import SealsAdminController
from designer.admin.problems_controller import ProblemsController
from designer.apikeys.controller import ApiKeysController
from designer.archive.controller import ArchiveController
from designer.audit.controller import AuditController
from designer.branding.controller import BrandController
from designer.document.controller import DocumentController, DocxLibraryController
from designer.editor.controller import EditorController
from designer.embedding.controller import EmbeddingController
from designer.errors import designer_error
from designer.insight.controller import InsightController
from designer.library.controller import LibraryController
from designer.logic.controller import RulesController
from designer.organisations.controller import OrganisationController
from designer.publishing.controller import PublishingController
from designer.publishing.preview_controller import PreviewController
from designer.roles.controller import RolesController
from designer.sending.bulk_controller import BulkSendingController
from designer.sending.controller import SendingController
from designer.sending.outbox_controller import OutboxMailController
from designer.settings.controller import StampsController
from designer.settings.landing import SettingsController
from designer.sso.controller import SsoController
from designer.webhooks.controller import WebhooksController


def designer_router() -> Router:
    return Router(
        path="/designer",
        route_handlers=[
            LoginController,
            SsoController,
            LibraryController,
            EditorController,
            RulesController,
            PublishingController,
            DocumentController,
            DocxLibraryController,
            RolesController,
            PreviewController,
            SendingController,
            OutboxMailController,
            BulkSendingController,
            UsersController,
            AccountController,
            TwoStepController,
            InvitationController,
            InviteAgainController,
            InsightController,
            ArchiveController,
            SettingsController,
            StampsController,
            BrandController,
            EmbeddingController,
            ApiKeysController,
            AuditController,
            WebhooksController,
            OrganisationController,
            SealsAdminController,
            ProblemsController,
            ApplyStampController,
        ],
        guards=[requires_login],
        dependencies={"current_user": Provide(provide_current_user)},
        exception_handlers={
            LoginRequired: login_redirect,
            TwoStepRequired: two_step_redirect,
            RoleForbidden: forbidden_page,
            Exception: designer_error,
        },
        include_in_schema=False,
    )
