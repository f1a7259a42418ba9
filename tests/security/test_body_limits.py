"""Request bodies (SECURITY.md 18, 20) are bounded on every route, read from the route
table: a route added later with `request_max_body_size=None` (no limit) or a larger limit
than the application's fails here until it is listed with its reason. The streaming tests
in test_uploads.py show that the limits are kept while a body arrives."""

from litestar.testing import AsyncTestClient

from runtime.files import MULTIPART_OVERHEAD
from runtime.settings import Settings
from tests.security.helpers import sqlite_only

LARGER = {
    "/s/{token:str}/files/{key:str}": "a version stored before 100 MB was the most may ask "
    "for 100 MiB; the route checks Content-Length against the field's and server's limits",
    "/verify": "sealed PDFs of up to 50 MB (docs/security.md)",
    "/api/v1/verify": "sealed PDFs of up to 50 MB (docs/security.md)",
}
MOST = 128 * 1000 * 1000


@sqlite_only
def test_every_route_bounds_its_request_body(client: AsyncTestClient, settings: Settings) -> None:
    app_limit = settings.max_upload_bytes + MULTIPART_OVERHEAD
    seen = set()
    for route in client.app.routes:
        for handler in getattr(route, "route_handlers", []):
            limit = handler.resolve_request_max_body_size()
            where = (route.path, sorted(handler.http_methods))
            assert isinstance(limit, int) and 0 < limit <= MOST, (where, limit)
            if limit > app_limit:
                assert route.path in LARGER, (where, limit, app_limit)
                seen.add(route.path)
    assert seen == set(LARGER), set(LARGER) - seen  # no reason kept for a route gone
