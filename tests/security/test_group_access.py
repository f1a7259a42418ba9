"""Groups (SECURITY.md 12-14): sibling subsidiaries and the parent above them.

A subsidiary's administrator walks every designer route and every API route that names an
object, filled with the ids of a sibling's objects (envelope sent from a template the
parent shares, the sibling's own template, stamp, user, the sibling organisation itself)
and of the parent's private ones: every answer is a 404 and nothing is left behind.
"""

import io
import uuid

from litestar.testing import AsyncTestClient
from PIL import Image

from designer.accounts.service import create_user
from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from tests.integration.conftest import Org, create_envelope, demo_definition, import_template
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.groups.conftest import make_group, share
from tests.security.helpers import fill, traces


async def _objects(client: AsyncTestClient, settings: Settings, owner: Org, shared_id: str) -> dict:
    """An envelope (from the shared template), a template, a stamp and a user of ``owner``."""
    envelope = await create_envelope(client, owner, shared_id)
    definition = demo_definition()
    definition["name"] = f"Private {uuid.uuid4().hex[:6]}"
    template = await import_template(client, owner, definition)
    image = io.BytesIO()
    Image.new("RGBA", (80, 80), (20, 20, 160, 255)).save(image, format="PNG")
    stamp = await upload_stamp(
        settings, owner.id, name="Private seal", data=image.getvalue(), actor="tests"
    )
    user = await create_user(owner.id, f"u-{uuid.uuid4().hex[:8]}@example.com", PASSWORD)
    return {
        "envelope_id": envelope["id"],
        "recipient_id": envelope["recipients"][0]["id"],
        "template_id": template["id"],
        "stamp_id": str(stamp["id"]),
        "user_id": str(user),
        "org_id": str(owner.id),
    }


def _routes(client: AsyncTestClient, prefix: str) -> list[tuple[str, str]]:
    return [
        (method, route.path)
        for route in client.app.routes
        if route.path.startswith(prefix) and "{" in route.path
        for method in sorted(set(getattr(route, "methods", ())) & {"GET", "POST"})
    ]


async def test_siblings_and_parent_objects_are_404_everywhere(
    client: AsyncTestClient, settings: Settings
) -> None:
    group = await make_group()
    shared = await import_template(client, group.parent)
    await share(shared["id"], "choice")
    sibling = await _objects(client, settings, group.a, shared["id"])
    parent = await _objects(client, settings, group.parent, shared["id"])

    designer_routes = _routes(client, "/designer/")
    assert ("GET", "/designer/organisation/subsidiaries/{org_id:uuid}") in designer_routes
    api_routes = _routes(client, "/api/v1/")
    b_admin = f"b-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(group.b.id, b_admin, PASSWORD)
    token = await sign_in(client, Author(b_admin, PASSWORD, group.b.id))

    for label, ids in (("sibling", sibling), ("parent", parent)):
        before = {o: await traces(o) for o in (group.a.id, group.parent.id)}
        for method, path in designer_routes:
            url = fill(path, ids)
            data = {"_csrf_token": token, "reason": "x", "role": "admin", "shared": "1"}
            answer = await (client.get(url) if method == "GET" else client.post(url, data=data))
            assert answer.status_code == 404, (label, method, url, answer.status_code)
        for method, path in api_routes:
            url = fill(path, ids)
            if method == "GET":
                answer = await client.get(url, headers=group.b.auth)
                assert answer.status_code == 404, (label, url, answer.status_code)
            else:  # a body the route does not accept may be refused (400/422) before the lookup
                answer = await client.post(url, headers=group.b.auth, json={"reason": "x"})
                assert answer.status_code in (400, 404, 422), (label, url, answer.status_code)
        assert {o: await traces(o) for o in (group.a.id, group.parent.id)} == before, label

    # the lists show none of it either
    listing = await client.get("/designer/envelopes")
    assert sibling["envelope_id"] not in listing.text
    api_list = (await client.get("/api/v1/envelopes", headers=group.b.auth)).json()
    assert api_list["items"] == []
    templates = {
        t["id"]
        for t in (await client.get("/api/v1/templates", headers=group.b.auth)).json()["items"]
    }
    assert shared["id"] in templates
    assert sibling["template_id"] not in templates and parent["template_id"] not in templates
    archive = await client.get("/designer/archive")
    assert archive.status_code == 200 and sibling["envelope_id"] not in archive.text
