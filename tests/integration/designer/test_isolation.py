"""Another organisation's author gets 404 on every designer URL that names a template.

The URLs come from the app's own route table, so a route added later is covered too.
"""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx, make_author, sign_in
from tests.integration.designer.helpers import seeded
from tests.integration.designer.publish_page import opened_publish_page, publish

PARAM = re.compile(r"\{(\w+):(\w+)\}")


def designer_routes(app: Litestar) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        if not route.path.startswith("/designer/templates/{draft_id"):
            continue
        for method in sorted(getattr(route, "methods", [])):
            if method in ("GET", "POST"):
                found.append((method, route.path))
    return found


def fill(path: str, draft_id: str) -> str:
    """The seeded draft's real objects: its section, role or question by the route's noun,
    its first block and its published version 1. A value that matches no route (a word for
    an int) would make the walk's 404 the router's, not the isolation's: it is refused."""
    key = {"sections": "details", "roles": "client"}.get(path.split("/")[4], "full_name")
    values = {"draft_id": draft_id, "key": key, "index": "0", "number": "1"}

    def value(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"{path}: no real value for {match.group(1)}"
        return values[match.group(1)]

    return PARAM.sub(value, path)


async def test_every_template_url_is_404_for_another_organisation(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    draft_id = base.rsplit("/", 1)[1]
    assert (await client.get(f"{base}/edit")).status_code == 200
    published = await publish(client, base, signed_in, await opened_publish_page(client, base))
    assert published.status_code in (200, 303), published.text
    restored = await client.post(f"{base}/versions/1/restore", data={"_csrf_token": signed_in})
    assert restored.status_code != 404, "version 1 must be real for the walk to mean anything"
    routes = designer_routes(client.app)
    assert len(routes) >= 25, routes

    stranger = await make_author()
    client.cookies.clear()
    token = await sign_in(client, stranger)
    for method, path in routes:
        url = fill(path, draft_id)
        if method == "GET":
            response = await client.get(url)
        else:
            response = await client.post(url, data={"_csrf_token": token, "item": "template"})
        assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
        htmx = await (
            client.get(url, headers=hx(token))
            if method == "GET"
            else client.post(url, headers=hx(token))
        )
        assert htmx.status_code == 404, f"htmx {method} {url} gave {htmx.status_code}"
    library = await client.get("/designer/templates")
    assert "Seed" not in library.text and "Consulting agreement" not in library.text
