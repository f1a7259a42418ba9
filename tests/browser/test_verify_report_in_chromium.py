"""/verify's report in Chromium, on a phone and at a desk: a date never wraps at one of its
hyphens, the envelope id (a UUID) stays on one line, and a genuine seal this service has no
record of reads as a caution, not as the green "Valid" panel.

Chromium breaks a line after a hyphen between digits: "Yes, before its data was deleted on
2026-11-" over "29" in the narrow value column at 375 px. The report of a purged envelope
(its dates in the records rows and findings) and of a seal with no record are checked at
every width from 320 to 480 px and at 1280. Its time (35 s on the busy 2-core machine) goes
to two seals, an envelope's through the server's job worker and a sample document with the
server's key, and the widths: each report is what it checks."""

import concurrent.futures
import json
import time
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import api_key, assert_accessible, call, customer_form, shot

pytestmark = pytest.mark.browser

THEMES = Path(__file__).resolve().parents[2] / "themes"

#: every ISO date in the page whose characters lie on more than one line
BROKEN_DATES = r"""() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('main') || document.body,
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const found of node.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      const range = document.createRange();
      range.setStart(node, found.index);
      range.setEnd(node, found.index + found[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(found[0] + ' in ' + node.parentElement.outerHTML.slice(0, 80));
    }
  }
  return broken;
}"""


def _sealed_and_purged(server: LiveServer) -> bytes:
    """A signed, sealed envelope whose data was then deleted (its retention ended)."""
    key = api_key(server)
    template = call(server, key, "POST", "/api/v1/templates", customer_form("Lease (verify)"))
    envelope = call(
        server,
        key,
        "POST",
        "/api/v1/envelopes",
        {
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "Sam", "email": "sam@example.com"}],
        },
    )
    link = envelope["recipients"][0]["signing_url"]
    auth = {"Authorization": f"Bearer {key}"}
    with httpx.Client(follow_redirects=False, timeout=20) as http:
        assert http.get(link).status_code == 303  # opened: to the consent page
        assert http.post(f"{link}/consent", data={"consent": "yes"}).status_code == 303
        assert http.post(f"{link}/step/1", data={"signature__typed": "Sam"}).status_code == 303
        assert http.post(f"{link}/finish").status_code == 303
        sealed = f"{server.base_url}/api/v1/envelopes/{envelope['id']}/sealed.pdf"
        deadline = time.monotonic() + 30
        while (response := http.get(sealed, headers=auth)).status_code != 200:
            assert time.monotonic() < deadline, "not sealed"
            time.sleep(0.3)

    async def purge(settings):  # type: ignore[no-untyped-def]
        from runtime.archive.purge import purge_envelope

        return await purge_envelope(settings, uuid.UUID(envelope["id"]), days=30)

    assert server.run(purge)
    return response.content


def _no_record_seal(server: LiveServer) -> bytes:
    """A sample document sealed with the server's own key: an envelope it does not know."""
    from runtime.sealing import seal_document
    from runtime.sealing.sample import sample_seal_input

    keys = server.var_dir / "keys"
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # its own event loop
        made = pool.submit(seal_document, sample_seal_input(), keys_dir=keys, themes_dir=THEMES)
        return made.result().pdf


def _report(page: Page, server: LiveServer, pdf: Path) -> None:
    page.goto(f"{server.base_url}/verify")
    page.get_by_label("Sealed PDF").set_input_files(pdf)
    page.get_by_role("button", name="Check document").click()
    expect(page.locator(".panel__title")).to_be_visible()


#: the envelope id's lines: "6f75404f-b464-4a68-84f5-" over "2c0303e54e8b" read as two values
ID_LINES = r"""() => {
  const id = document.querySelector('.reference--id');
  const range = document.createRange();
  range.selectNodeContents(id);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""


def _dates_stay_whole(page: Page, name: str) -> None:
    """Every date on one line, and the envelope id too, from 320 to 480 px and at 1280."""
    for width in [375, *range(320, 481, 8)]:
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(BROKEN_DATES) == [], f"{name} at {width} px"
        assert page.evaluate(ID_LINES) == 1, f"{name}: the envelope id at {width} px"
        if width == 375:
            shot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(BROKEN_DATES) == []
    assert page.evaluate(ID_LINES) == 1, f"{name}: the envelope id at 1280 px"
    shot(page, f"{name}-1280")


@pytest.mark.timeout(120)
def test_report_dates_stay_whole_and_no_record_is_a_caution(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    purged = tmp_path / "purged.pdf"
    purged.write_bytes(_sealed_and_purged(live_server))
    unknown = tmp_path / "unknown.pdf"
    unknown.write_bytes(_no_record_seal(live_server))

    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        _report(page, live_server, purged)
        expect(page.locator(".panel__title")).to_have_text("Valid")
        expect(page.get_by_text("Yes, before its data was deleted on 20")).to_be_visible()
        _dates_stay_whole(page, "verify-purged")

        _report(page, live_server, unknown)
        panel = page.locator(".panel")
        expect(panel.locator(".panel__title")).to_have_text("Valid seal, no record")
        colours = panel.evaluate(
            """(panel) => { const valid = document.createElement('div');
                valid.className = 'panel panel--confirmation'; document.body.append(valid);
                const warning = document.createElement('div');
                warning.className = 'panel panel--warning'; document.body.append(warning);
                const got = { panel: getComputedStyle(panel).backgroundColor,
                    border: getComputedStyle(panel).borderTopColor,
                    title: getComputedStyle(panel.querySelector('.panel__title')).color,
                    valid: getComputedStyle(valid).backgroundColor,
                    warning: getComputedStyle(warning).backgroundColor };
                valid.remove(); warning.remove(); return got; }"""
        )
        # framed and titled in the theme's warning colour, on white: not the green panel
        assert colours["panel"] != colours["valid"], json.dumps(colours)
        assert colours["panel"] == "rgb(255, 255, 255)", json.dumps(colours)
        assert colours["border"] == colours["warning"] == colours["title"], json.dumps(colours)
        assert_accessible(page, "verify, valid seal with no record")
        _dates_stay_whole(page, "verify-no-record")
    finally:
        context.close()
