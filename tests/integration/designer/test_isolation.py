"""Another organisation's author gets 404 on every designer URL that names a template.

The URLs come from the app's own route table, so a route added later is covered too.
"""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx, make_author, sign_in
from tests.integration.designer.helpers import seeded

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
    values = {"draft_id": draft_id, "key": "full_name", "index": "0"}
    return PARAM.sub(lambda m: values.get(m.group(1), "x"), path)


async def test_every_template_url_is_404_for_another_organisation(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    draft_id = base.rsplit("/", 1)[1]
    assert (await client.get(f"{base}/edit")).status_code == 200
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
