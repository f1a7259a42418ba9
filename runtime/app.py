"""The composition root: the only place the application is assembled."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape
from litestar import Litestar, Request, Response, get
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.exceptions import ServiceUnavailableException
from litestar.logging.config import LoggingConfig
from litestar.openapi.config import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from components.schema import definition_json_schema
from designer.routes import designer_router
from runtime import i18n
from runtime.api.bulk import BulkSendsController
from runtime.api.envelopes import EnvelopesController
from runtime.api.keys import ApiKeysController
from runtime.api.openapi import SECURITY, describe_api
from runtime.api.organisation import ConsentController, OrganisationController
from runtime.api.query_check import refuse_unknown_query_parameters
from runtime.api.reference import render_plugins
from runtime.api.templates import TemplatesController
from runtime.api.verify import VerifyApiController
from runtime.api.webhooks import WebhooksController
from runtime.archive.api import ArchiveApiController, RetentionApiController
from runtime.branding.controller import brand_logo, brand_stylesheet
from runtime.database import (
    close_pool,
    configure_database,
    prepare_engine,
    start_pool,
    unavailable_errors,
)
from runtime.embed.controller import EmbedController, embed_script
from runtime.files import MULTIPART_OVERHEAD
from runtime.i18n.folding import FoldTranslations
from runtime.i18n.jinja import install_gettext
from runtime.jobs.worker import Worker
from runtime.links.controller import LinksApiController, OpenLinkController
from runtime.sealing import ensure_sealing_identity
from runtime.settings import Settings, get_settings
from runtime.signing.routes import signer_router
from runtime.themes import Themes
from runtime.themes import environment as theme_environment
from runtime.verification.controller import VerifyController
from runtime.web.assets import AssetStore, static_file, theme_static
from runtime.web.errors import handle_exception
from runtime.web.health import healthz, readyz
from runtime.web.limits import rate_limit_middleware
from runtime.web.metrics import install_observability, metrics
from runtime.web.pages import page
from runtime.web.request_body import BodyRequest
from runtime.web.setting_names import setting_breaks
from runtime.web.view_helpers import GLOBALS as VIEW_GLOBALS

log = logging.getLogger("formseal.web")


@get("/", include_in_schema=False)
async def home() -> Template:
    return page("home.html")


@get("/schema/definition.json", include_in_schema=False, cache=3600)
async def definition_schema() -> dict[str, Any]:
    """The JSON Schema of a template definition, generated from the code."""
    return definition_json_schema()


def _database_unavailable(request: Request, exc: Exception) -> Response:
    """The database cannot be reached (restarting, network cut): 503, retry later."""
    route = request.scope.get("path_template") or "(unmatched)"  # a path may hold a token
    log.warning("database unavailable on %s %s: %r", request.method, route, exc)
    return handle_exception(
        request,
        ServiceUnavailableException(
            "The service is briefly unavailable. Nothing was lost; please try again in a moment."
        ),
    )


def _jinja(settings: Settings, assets: AssetStore) -> Environment:
    """Pages of every theme from one environment (runtime/themes.py: most specific first)."""
    themes = Themes(settings.themes_dir, settings.theme, cache=not settings.debug)
    env = theme_environment(
        themes,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n", FoldTranslations],
        # Checking every template file's mtime on each render cost ~8 % of a signer page;
        # themes change with a restart, except while developing.
        auto_reload=settings.debug,
    )
    install_gettext(env)
    env.template_language = i18n.current  # each page compiled per language, translations folded
    env.globals["product"] = "formseal"
    env.globals["instance_theme"] = themes.base_theme
    env.globals.update(VIEW_GLOBALS)
    env.globals["static_url"] = assets.url  # /static/<file>?v=<content hash>
    env.filters["setting_breaks"] = setting_breaks  # FORMSEAL_ names wrap at "_"
    return env


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the application for `settings` (read from the environment when omitted)."""
    settings = settings or get_settings()
    settings.ensure_dirs()
    engine = configure_database(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await prepare_engine(engine)
        await start_pool(engine, settings)
        await asyncio.to_thread(ensure_sealing_identity, settings.keys_dir)
        worker = Worker(settings) if settings.run_worker else None
        task = asyncio.create_task(worker.run_forever()) if worker else None
        app.state.worker = worker
        try:
            yield
        finally:
            if worker and task:
                worker.stop()
                await asyncio.wait([task], timeout=5)
            await close_pool(engine)

    def provide_settings() -> Settings:
        return settings

    assets = AssetStore(settings.themes_dir, settings.theme, reload=settings.debug)

    def provide_assets() -> AssetStore:
        return assets

    handlers: list[Any] = [
        home,
        definition_schema,
        healthz,
        readyz,
        metrics,
        TemplatesController,
        EnvelopesController,
        ArchiveApiController,
        RetentionApiController,
        WebhooksController,
        BulkSendsController,
        EmbedController,
        OrganisationController,
        ConsentController,
        ApiKeysController,
        VerifyApiController,
        LinksApiController,
        OpenLinkController,
        embed_script,
        brand_stylesheet,
        brand_logo,
        theme_static,
        signer_router(),
        VerifyController,
        designer_router(),
        static_file,
    ]
    app = Litestar(
        route_handlers=handlers,
        request_class=BodyRequest,
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "assets": Provide(provide_assets, sync_to_thread=False),
        },
        lifespan=[lifespan],
        template_config=TemplateConfig(
            engine=JinjaTemplateEngine.from_environment(_jinja(settings, assets))
        ),
        csrf_config=CSRFConfig(
            secret=settings.resolved_secret_key(),
            # Signing links are capability URLs: the unguessable token in the path already
            # stops cross-site forgery, and embedded frames cannot rely on cookies.
            # Static files, health and metrics have no forms: no cookie is minted for them.
            exclude=[
                "^/api/",
                "^/s/",
                "^/embed/",
                "^/static/",
                "^/themes/[^/]+/static/",
                "^/brand/",
                "^/healthz$",
                "^/readyz$",
                "^/metrics$",
            ],
            cookie_httponly=True,
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
        ),
        exception_handlers={
            Exception: handle_exception,
            **{error: _database_unavailable for error in unavailable_errors()},
        },
        middleware=[rate_limit_middleware(settings)],
        openapi_config=OpenAPIConfig(
            title="formseal API",
            version="1",
            path="/schema",
            description=_API_DESCRIPTION,
            components=SECURITY,
            render_plugins=render_plugins(),  # a page of ours at /schema: no CDN scripts
        ),
        # a file of FORMSEAL_MAX_UPLOAD_BYTES and the form around it (runtime/signing/views.py)
        request_max_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD,
        debug=settings.debug,
        # Litestar's default also hangs a queue handler on the root logger, so every request
        # line was written twice (once in its format) and a listener thread woke per line;
        # runtime/logging_setup.py gives our loggers their one handler.
        logging_config=LoggingConfig(configure_root_logger=False),
    )
    app.state.settings = settings  # for pages that word a server limit (designer uploads)
    describe_api(app)  # bearer keys and problem documents in /schema
    refuse_unknown_query_parameters(app)  # a misspelt filter is a 422, not everything
    # request ids, security headers, JSON logs, request metrics: one wrapper, outermost
    install_observability(app, settings)
    return app


_API_DESCRIPTION = (
    "Templates, envelopes and sealed PDFs. Authenticate with `Authorization: Bearer <key>` "
    "(create a key with `formseal apikey create`). Errors are RFC 9457 problem details."
)
