"""Static files: pages link them with their content hash, browsers keep those answers for a
year and revalidate the rest with an ETag (304), and no static answer sets a cookie."""

import asyncio
import re
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from runtime.web.assets import LONG_CACHE, MEMORY_LIMIT
from tests.integration.conftest import (
    Org,
    app_client,
    create_envelope,
    import_template,
    open_link,
    path_of,
)

LINKED = re.compile(r'(?:src|href)="(/static/[^"?]+)\?v=([0-9a-f]{16})"')


async def test_signer_page_links_versioned_assets_kept_for_a_year(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    step = await open_link(client, path_of(envelope["recipients"][0]["signing_url"]))
    linked = dict(LINKED.findall(step.text))
    assert {"/static/formseal.css", "/static/signer.js", "/static/vendor/htmx.min.js"} <= set(
        linked
    ), step.text
    client.cookies.clear()  # a signer has no cookie: the signing link is the key
    for path, version in linked.items():
        answer = await client.get(f"{path}?v={version}")
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == LONG_CACHE
        assert answer.headers["etag"] in (f'"{version}"', f'W/"{version}"')  # W/: gzipped
        assert "set-cookie" not in answer.headers, path
        assert "attachment" not in answer.headers.get("content-disposition", "")
    css = await client.get(f"/static/formseal.css?v={linked['/static/formseal.css']}")
    assert css.headers["content-type"].startswith("text/css") and "--brand-colour" in css.text


async def test_unversioned_and_stale_urls_revalidate_and_get_304(client: AsyncTestClient) -> None:
    first = await client.get("/static/signer.js")
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    etag = first.headers["etag"]
    head = await client.head("/static/signer.js")
    assert head.status_code == 200 and head.headers["etag"] == etag
    stale = await client.get("/static/signer.js?v=0000000000000000")
    assert stale.headers["cache-control"] == "no-cache" and stale.text == first.text
    again = await client.get("/static/signer.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    weak = await client.get(
        "/static/signer.js", headers={"If-None-Match": f'"x", W/{etag.removeprefix("W/")}'}
    )
    assert weak.status_code == 304
    other = await client.get("/static/signer.js", headers={"If-None-Match": '"x"'})
    assert other.status_code == 200 and other.text == first.text
    font = await client.get("/static/vendor/fonts/dancing-script-latin-400-normal.woff2")
    assert font.status_code == 200 and font.headers["content-type"] == "font/woff2"
    for missing in (
        "/static/nothing.js",
        "/static/../pyproject.toml",
        "/themes/x/static/no.css",
        "/static/a%00b.css",
        "/static/" + "a" * 5000,  # longer than any file name may be
    ):
        assert (await client.get(missing)).status_code == 404, missing


async def test_a_changed_file_gets_a_new_version_in_debug(
    settings: Settings, tmp_path: Path
) -> None:
    """With FORMSEAL_DEBUG files are checked on each request: an edit shows at once, under
    a new version (without it, theme files change with a restart, like templates)."""
    (tmp_path / "default").symlink_to(Path(settings.themes_dir) / "default")
    (tmp_path / "mine" / "static").mkdir(parents=True)
    sheet = tmp_path / "mine" / "static" / "theme.css"
    sheet.write_text(":root{--brand-font:serif}")
    debug = replace(settings, themes_dir=tmp_path, theme="mine", debug=True)
    async with app_client(debug) as client:
        home = await client.get("/")
        old = re.search(r'href="/themes/mine/static/theme\.css\?v=(\w+)"', home.text)
        assert old, home.text
        sheet.write_text(":root{--brand-font:monospace}")
        home = await client.get("/")
        new = re.search(r'href="/themes/mine/static/theme\.css\?v=(\w+)"', home.text)
        assert new and new.group(1) != old.group(1)
        served = await client.get(f"/themes/mine/static/theme.css?v={new.group(1)}")
        assert "monospace" in served.text and served.headers["cache-control"] == LONG_CACHE
        # a file too large to keep in memory is streamed from disk, with the same headers
        big = bytes(range(256)) * (MEMORY_LIMIT // 256 + 100)
        (tmp_path / "mine" / "static" / "big.bin").write_bytes(big)
        streamed = await client.get("/themes/mine/static/big.bin")
        assert streamed.status_code == 200 and streamed.content == big
        assert streamed.headers["etag"] and streamed.headers["cache-control"] == "no-cache"
        assert "attachment" not in streamed.headers.get("content-disposition", "")


async def test_a_restyled_theme_shows_without_a_restart(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An operator edits the theme's stylesheet on a running server: within CHECK_SECONDS
    the pages link it under a new hash and serve the new content (it took a restart)."""
    monkeypatch.setattr("runtime.web.assets.CHECK_SECONDS", 0.3)
    (tmp_path / "default").symlink_to(Path(settings.themes_dir) / "default")
    (tmp_path / "mine" / "static").mkdir(parents=True)
    sheet = tmp_path / "mine" / "static" / "theme.css"
    sheet.write_text(":root{--brand-font:serif}")
    linked = re.compile(r'href="/themes/mine/static/theme\.css\?v=(\w+)"')
    production = replace(settings, themes_dir=tmp_path, theme="mine", debug=False)
    async with app_client(production) as client:
        old = linked.search((await client.get("/")).text)
        assert old
        sheet.write_text(":root{--brand-font:monospace}")
        soon = linked.search((await client.get("/")).text)
        assert soon and soon.group(1) == old.group(1)  # not looked at on every request
        await asyncio.sleep(0.4)
        new = linked.search((await client.get("/")).text)
        assert new and new.group(1) != old.group(1)
        served = await client.get(f"/themes/mine/static/theme.css?v={new.group(1)}")
        assert "monospace" in served.text and served.headers["cache-control"] == LONG_CACHE
        stale = await client.get(f"/themes/mine/static/theme.css?v={old.group(1)}")
        assert "monospace" in stale.text and stale.headers["cache-control"] == "no-cache"
        # a theme that starts overriding a default file is noticed too
        (tmp_path / "mine" / "static" / "signer.js").write_text("/* mine */")
        await asyncio.sleep(0.4)
        assert (await client.get("/static/signer.js")).text == "/* mine */"


async def test_text_files_go_gzipped_to_browsers_that_accept_it(client: AsyncTestClient) -> None:
    plain = await client.get("/static/vendor/htmx.min.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.headers["vary"] == "Accept-Encoding"
    packed = await client.get("/static/vendor/htmx.min.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.content == plain.content  # the client unpacks it: the same file
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    assert packed.headers["etag"] == "W/" + plain.headers["etag"]
    again = await client.get(
        "/static/vendor/htmx.min.js",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]},
    )
    assert again.status_code == 304
    refused = await client.get("/static/signer.js", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    font = await client.get("/static/vendor/fonts/dancing-script-latin-400-normal.woff2")
    assert "content-encoding" not in font.headers  # compressed already
