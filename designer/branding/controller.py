"""/designer/settings/brand: logo, primary colour, font, mail sender name, footer text and
theme of the signed-in administrator's organisation, with a live preview.

Thin: parse, call runtime.branding.service, render. The preview frames are same-origin pages
of their own (a sample signer page, the invitation mail, page 1 of the PDF), so they show
exactly the stylesheets and templates a signer would get.
"""

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from designer.accounts.guards import CurrentUser, requires_role
from designer.branding import preview
from designer.web import is_htmx, page, partial
from runtime.branding import resolve
from runtime.branding.brand import Brand
from runtime.branding.colours import contrast_ratio, link_contrast, valid_colour
from runtime.branding.fonts import FONTS
from runtime.branding.logo import MAX_RATIO, MAX_UPLOAD_BYTES
from runtime.branding.service import (
    BrandForm,
    check_logo,
    organisation_row,
    preview_brand,
    save_brand,
)
from runtime.files import MULTIPART_OVERHEAD
from runtime.settings import Settings
from runtime.stamps.images import MAX_PIXELS_SIDE
from runtime.themes import ThemeChoice, theme_names
from runtime.web import pages

MAX_BODY = 2 * MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD
PREVIEW_FIELDS = ("colour", "font", "mail_sender_name", "footer_text", "theme", "remove_logo")
FRAMED = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; "
        "frame-ancestors 'self'"
    ),
}
MAIL_FRAMED = {
    "X-Frame-Options": "SAMEORIGIN",
    # a mail is styled inline; it runs no script and loads images only (its logo)
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    ),
}


def _query(form: BrandForm) -> str:
    values = {
        "colour": form.colour if valid_colour(form.colour) else "",
        "font": form.font,
        "mail_sender_name": form.mail_sender_name,
        "footer_text": form.footer_text,
        "theme": form.theme,
        "remove_logo": "1" if form.remove_logo else "",
    }
    return urlencode({k: v for k, v in values.items() if v})


def _contrast(form: BrandForm) -> dict[str, str]:
    """The contrast figures shown beside the colour field while typing."""
    if not valid_colour(form.colour):
        return {}
    brand = Brand(colour=form.colour)
    return {
        "on": f"{contrast_ratio(form.colour, brand.on_colour):.1f}",
        "link": f"{link_contrast(form.colour):.1f}",
    }


class BrandController(Controller):
    path = "/settings/brand"
    guards = [requires_role("admin")]

    @get("/")
    async def index(
        self, current_user: CurrentUser, settings: Settings, done: str = ""
    ) -> Template:
        form = BrandForm.from_row(await organisation_row(current_user.organisation_id))
        return await self._page(current_user, settings, form, saved=done == "saved")

    @post("/", request_max_body_size=MAX_BODY)
    async def save(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template | Redirect:
        data = await request.form()
        form = BrandForm.from_values({k: data.get(k) for k in PREVIEW_FIELDS})
        upload = data.get("logo")
        # read whole (the body is capped at MAX_BODY), so a refusal names the file's own size:
        # read up to the limit, a 1.5 MB file was "1.0 MB; a logo may be at most 1 MB"
        raw = await upload.read() if isinstance(upload, UploadFile) else None
        logo, logo_error = check_logo(raw)
        ok = form.check(settings.themes_dir)
        if logo_error:
            form.errors["logo"] = logo_error
        if not ok or logo_error:
            return await self._page(current_user, settings, form, status_code=422)
        await save_brand(
            settings, current_user.organisation_id, form, logo, actor=current_user.email
        )
        return Redirect("/designer/settings/brand?done=saved", status_code=303)

    @get("/preview")
    async def preview_pane(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Template:
        """The three preview frames for the values typed so far (htmx, debounced)."""
        form = BrandForm.from_values(dict(request.query_params))
        form.check(settings.themes_dir)
        context: dict[str, Any] = {
            "query": _query(form),
            "form": form,
            "contrast": _contrast(form),
            "is_htmx_update": True,
        }
        if is_htmx(request):
            return partial("_brand_preview.html", **context)
        return await self._page(current_user, settings, form)

    @get("/preview/signer")
    async def preview_signer(self, request: Request, current_user: CurrentUser) -> Template:
        form = BrandForm.from_values(dict(request.query_params))
        brand = await preview_brand(current_user.organisation_id, form)
        css = f"/designer/settings/brand/preview/brand.css?{_query(form)}"
        template = pages.page(
            "signer/brand_sample.html",
            theme=ThemeChoice(brand.theme),
            brand=brand,
            brand_css_url=css if brand.css_variables() else "",
        )
        template.headers.update(FRAMED)
        return template

    @get("/preview/brand.css")
    async def preview_css(self, request: Request, current_user: CurrentUser) -> Response[str]:
        form = BrandForm.from_values(dict(request.query_params))
        brand = await preview_brand(current_user.organisation_id, form)
        return Response(
            brand.stylesheet(), media_type="text/css; charset=utf-8", headers=dict(FRAMED)
        )

    @get("/preview/mail")
    async def preview_mail(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Response[str]:
        form = BrandForm.from_values(dict(request.query_params))
        brand = await preview_brand(current_user.organisation_id, form)
        html = preview.sample_mail_html(settings, brand)
        return Response(html, media_type="text/html; charset=utf-8", headers=dict(MAIL_FRAMED))

    @get("/preview/pdf.png")
    async def preview_pdf(
        self, request: Request, current_user: CurrentUser, settings: Settings
    ) -> Response[bytes]:
        form = BrandForm.from_values(dict(request.query_params))
        brand = await preview_brand(current_user.organisation_id, form)
        png = await preview.pdf_page_png(settings, brand)
        return Response(
            png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"}
        )

    async def _page(
        self,
        user: CurrentUser,
        settings: Settings,
        form: BrandForm,
        *,
        status_code: int = 200,
        saved: bool = False,
    ) -> Template:
        row = await organisation_row(user.organisation_id)
        current = await resolve.brand_for_organisation(user.organisation_id)
        context: dict[str, Any] = {
            "form": form,
            "fonts": FONTS,
            "themes": theme_names(settings.themes_dir),
            "instance_theme": settings.theme,
            "current": current,
            "has_own_logo": bool(row.get("brand_logo")),
            "has_parent": bool(row.get("parent")),
            "query": _query(form),
            "contrast": _contrast(form),
            "saved": saved,
            "max_logo_bytes": MAX_UPLOAD_BYTES,
            "max_logo_mb": MAX_UPLOAD_BYTES // 10**6,
            "max_logo_side": MAX_PIXELS_SIDE,
            "max_logo_ratio": MAX_RATIO,
            "nav": "brand",
        }
        return page("settings_brand.html", user, status_code=status_code, **context)
