"""HEAD on the API's downloads, as `curl -I` and download managers ask before a GET: the
headers the GET gives (type, name, size) and no body. Before, each answered 405."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)

EXPORTS = ("export.csv", "export.xlsx", "export.zip")


async def test_head_on_the_sealed_pdf_and_the_exports(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    url = f"/api/v1/envelopes/{envelope['id']}/sealed.pdf"
    early = await client.head(url, headers=org.auth)
    assert early.status_code == 409 and early.content == b""  # not sealed yet, as a GET says

    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    got = await client.get(url, headers=org.auth)
    head = await client.head(url, headers=org.auth)
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "content-disposition", "content-length", "cache-control"):
        assert head.headers[name] == got.headers[name], name
    assert head.headers["content-length"] == str(len(got.content))

    for export in EXPORTS:
        got = await client.get(f"/api/v1/envelopes/{export}", headers=org.auth)
        head = await client.head(f"/api/v1/envelopes/{export}", headers=org.auth)
        assert head.status_code == 200 and head.content == b"", export
        assert head.headers["content-type"] == got.headers["content-type"], export
        assert head.headers["content-disposition"].startswith("attachment; filename=")
    assert head.headers["x-formseal-files"] == "1"

    export = f"/api/v1/templates/{template['id']}/export"
    got = await client.get(export, headers=org.auth)
    head = await client.head(export, headers=org.auth)
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "content-disposition", "content-length"):
        assert head.headers[name] == got.headers[name], name
    assert got.json()["name"] == template["name"]

    # the key is still asked for, and a wrong filter still named
    assert (await client.head(url)).status_code == 401
    wrong = await client.head("/api/v1/envelopes/export.csv?stauts=x", headers=org.auth)
    assert wrong.status_code == 422


async def test_head_is_declared_beside_get(client: AsyncTestClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/envelopes/{envelope_id}/sealed.pdf",
        "/api/v1/envelopes/export.zip",
        "/api/v1/templates/{template_id}/export",
    ):
        assert {"get", "head"} <= set(paths[path]), path
