"""The intranet example on a phone (375 px, a mobile browser): the page fits the screen,
and a form that cannot open shows its whole reason and reference in a frame that grows
to fit them, while the page hears formseal:refused with that reference."""

import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from jose import jwt
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"
FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())
ORGANISATION = "Intranet on a phone"
ISSUER = "https://phone.intranet.test/sso"


def _api(server: LiveServer, key: str, method: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        server.base_url + path,
        method=method,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def phone_intranet(live_server: LiveServer):
    """The example page on another origin: `/` with a good token, `/clock` with a token
    issued two minutes ahead (the intranet server's clock is wrong)."""
    live_server.create_user("phone-admin@example.com", ORGANISATION, "a long password 1")
    key = live_server.create_api_key(ORGANISATION, "phone")
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://localhost:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = _api(
        live_server,
        key,
        "PUT",
        "/api/v1/organisation/embedding",
        {"origins": [origin], "issuer": ISSUER, "rotate_secret": True},
    )
    template = _api(live_server, key, "POST", "/api/v1/templates", FORM)
    page = (EXAMPLE / "index.html").read_text()
    page = page.replace("__FORMSEAL__", live_server.base_url).replace("__FORM__", template["slug"])
    for path, ahead in (("/", 0), ("/clock", 120)):
        now = int(time.time()) + ahead
        claims = {"iss": ISSUER, "aud": "formseal", "sub": "u-375", "email": "kim@example.com"}
        token = jwt.encode(
            {**claims, "name": "Kim Lee", "iat": now, "exp": now + 300},
            config["secret"],
            algorithm="HS256",
        )
        pages[path] = page.replace("__TOKEN__", token).encode()
    yield origin
    server.shutdown()


def _fits_the_phone(page) -> None:
    widths = page.evaluate(
        "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
    )
    assert widths[0] == 375, f"laid out {widths[0]} px wide: no viewport meta"
    assert widths[1] <= widths[0], f"sideways scroll: {widths}"


@pytest.mark.browser
def test_the_example_page_and_a_refusal_fit_a_phone(browser: Browser, phone_intranet: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(phone_intranet + "/")
        frame = page.frame_locator("iframe")
        expect(frame.get_by_label("Yes, I agree")).to_be_visible(timeout=15_000)
        expect(page.locator("#events")).to_contain_text('"path":"/consent"')
        _fits_the_phone(page)  # the events' long JSON lines wrap too

        page.goto(phone_intranet + "/clock")
        refused = frame.get_by_role("main")
        expect(refused).to_contain_text("issued in the future", timeout=15_000)
        reference = frame.locator(".reference")
        expect(page.locator("#events")).to_contain_text("formseal:refused")
        heard = page.locator("#events li", has_text="formseal:refused").inner_text()
        assert reference.inner_text() in heard  # the page can log what the frame shows
        # the frame grows to the page (it stayed 480 px and hid the reference below)
        inner = frame.locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
        expect(page.locator("iframe")).to_have_js_property("offsetHeight", inner)
        assert inner > 480
        _fits_the_phone(page)
        page.screenshot(path="/tmp/embed-refused-375.png", full_page=True)
    finally:
        context.close()
