"""An intranet page on another origin embeds a form with a minted token and hears it finish."""

import json
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"
FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())
ISSUER = "https://intranet.test/sso"


def api(server: LiveServer, key: str, method: str, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        server.base_url + path,
        method=method,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def intranet_page(live_server: LiveServer):
    """Configure embedding, publish the form, and serve the example page on localhost."""
    key = live_server.create_api_key("My organisation", "intranet")
    holder: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(holder["no-token" if self.path == "/no-token" else "page"])

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://localhost:{server.server_port}"  # another site than 127.0.0.1
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = api(
        live_server,
        key,
        "PUT",
        "/api/v1/organisation/embedding",
        {"origins": [origin], "issuer": ISSUER},
    )
    template = api(live_server, key, "POST", "/api/v1/templates", FORM)
    token = subprocess.run(
        [
            sys.executable,
            str(EXAMPLE / "mint_token.py"),
            "--secret",
            config["secret"],
            "--issuer",
            ISSUER,
            "--sub",
            "u-42",
            "--email",
            "kim@example.com",
            "--name",
            "Kim Lee",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.strip()
    page = (EXAMPLE / "index.html").read_text()
    page = page.replace("__FORMSEAL__", live_server.base_url).replace("__FORM__", template["slug"])
    holder["page"] = page.replace("__TOKEN__", token).encode()
    holder["no-token"] = page.replace("__TOKEN__", "").encode()  # the server minted none
    yield origin
    server.shutdown()


@pytest.mark.browser
def test_intranet_page_receives_completed(browser: Browser, intranet_page: str) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(intranet_page + "/")
        frame = page.frame_locator("iframe")
        # consent to electronic records comes before the first step, in the frame too
        frame.get_by_label("Yes, I agree").check(timeout=15_000)
        frame.get_by_role("button", name="Continue").click()
        expect(frame.get_by_role("heading", name="Your request")).to_be_visible(timeout=15_000)
        expect(frame.get_by_label("Work email")).to_have_value("kim@example.com")
        frame.get_by_label("What do you need?").fill("A standing desk")
        frame.get_by_role("radio", name="Type").check()  # sign by typing instead of drawing
        frame.get_by_label("Type your full name to sign").fill("Kim Lee")
        frame.get_by_role("button", name="Continue").click()
        frame.get_by_role("button", name="Sign and finish").click()
        events = page.locator("#events")
        expect(events).to_contain_text("formseal:completed", timeout=20_000)
        expect(events).to_contain_text("formseal:loaded")
        expect(events).to_contain_text('formseal:step {"type":"formseal:step"')
        # Check your answers is a step too: the last one, marked review
        expect(events).to_contain_text('"step":2,"of":2,"review":true')
        expect(events).to_contain_text('"step":1,"of":2,"review":false')
        # the confirmation refreshes itself until the seal is ready, and says completed once
        download = frame.get_by_role("link", name="Download the sealed PDF")
        expect(download).to_be_visible(timeout=30_000)
        completed = events.locator("li", has_text="formseal:completed")
        expect(completed).to_have_count(1)
        page.screenshot(path=str(Path("/tmp") / "embed-intranet.png"), full_page=True)

        # a page whose server put no token in: the frame still opens and says what is missing
        # (a refusal may be framed by the page that asked), not a blank or broken frame
        page.goto(intranet_page + "/no-token")
        refused = page.frame_locator("iframe").get_by_role("main")
        expect(refused).to_contain_text("This form cannot be shown", timeout=15_000)
        expect(refused).to_contain_text("its data-token is empty")
    finally:
        context.close()
