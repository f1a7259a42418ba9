"""Public routes of brands: the brand stylesheet and the logo (themes' static files are in
runtime/web/assets.py).

Both are what any signer's browser loads, so they need no sign-in; they reveal no more
than a signer page already shows. The stylesheet is built from validated values only.
"""

import uuid

from litestar import Response, get, route
from litestar.exceptions import NotFoundException

from runtime.branding.logo import KIND
from runtime.branding.resolve import brand_for_organisation
from runtime.download import GET_AND_HEAD, Download
from runtime.files import read_file
from runtime.settings import Settings
from runtime.tables import StoredFile
from runtime.web.assets import LONG_CACHE, REVALIDATE


@get("/brand/{organisation_id:uuid}/brand.css", include_in_schema=False)
async def brand_stylesheet(organisation_id: uuid.UUID, v: str = "") -> Response[str]:
    """The organisation's stylesheet variables (:root rules), versioned by ``v``."""
    brand = await brand_for_organisation(organisation_id, cached=True)
    current = brand.css_url.rpartition("v=")[2]
    return Response(
        brand.stylesheet(),
        media_type="text/css; charset=utf-8",
        headers={"Cache-Control": LONG_CACHE if v and v == current else REVALIDATE},
    )


@route(
    "/brand/{organisation_id:uuid}/logo/{file_id:uuid}",
    http_method=GET_AND_HEAD,
    include_in_schema=False,
)
async def brand_logo(
    organisation_id: uuid.UUID, file_id: uuid.UUID, settings: Settings
) -> Download:
    """A logo file: only one stored as an organisation's brand logo (a file id is new for
    every upload, so the answer never changes). HEAD answers the GET's headers, no body."""
    found = await StoredFile.exists().where(
        (StoredFile.id == file_id)
        & (StoredFile.organisation == organisation_id)
        & (StoredFile.kind == KIND)
    )
    if not found:
        raise NotFoundException("No such logo.")
    try:
        _, data = await read_file(settings, organisation_id, file_id)
    except FileNotFoundError as exc:
        raise NotFoundException("No such logo.") from exc
    return Download(
        iter([data]),
        media_type="image/png",
        headers={
            "Cache-Control": LONG_CACHE,
            "X-Content-Type-Options": "nosniff",
            "Content-Length": str(len(data)),
        },
    )
