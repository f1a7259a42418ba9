"""An administrator sets embedding up on the designer's Embedding screen (no API), copies the
secret and a form's snippet from it, and the intranet page built from that snippet shows a
form that completes."""

import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"
SCRIPT_LINE = re.compile(r'<script src="__FORMSEAL__/embed\.js"[^>]*></script>')


@pytest.fixture
def intranet() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A page server on localhost (another site than 127.0.0.1) and the page it serves."""
    holder: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(holder["page"])

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_port}", holder
    server.shutdown()


def mint(secret: str, issuer: str) -> str:
    return subprocess.run(
        [sys.executable, str(EXAMPLE / "mint_token.py"), "--secret", secret, "--issuer", issuer]
        + ["--sub", "u-77", "--email", "kim@example.com", "--name", "Kim Lee"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.strip()


@pytest.mark.timeout(180)
def test_settings_saved_on_the_screen_embed_a_working_form(
    browser: Browser, live_server: LiveServer, intranet: tuple[str, dict[str, bytes]]
) -> None:
    origin, holder = intranet
    organisation = f"Embed org {uuid.uuid4().hex[:6]}"
    email = f"admin-{uuid.uuid4().hex[:6]}@example.com"
    issuer = f"https://intranet.test/sso/{uuid.uuid4().hex[:6]}"
    live_server.create_user(email, organisation, PASSWORD)
    live_server.import_template(EXAMPLE / "equipment-request.json", organisation)

    admin = sign_in(browser, live_server.base_url, email, PASSWORD)
    try:
        admin.context.grant_permissions(["clipboard-read", "clipboard-write"])
        admin.get_by_role("link", name="Settings", exact=True).click()
        admin.get_by_role("link", name="Embedding").click()
        expect(admin.get_by_role("heading", name="Embedding is off")).to_be_visible()
        admin.get_by_label("Allowed origins").fill(f"{origin}/")
        admin.get_by_label("Issuer").fill(issuer)
        admin.get_by_role("button", name="Save embedding settings").click()
        expect(admin.get_by_role("heading", name="Copy the shared secret now")).to_be_visible()
        secret = admin.locator("#new-secret").inner_text().strip()
        admin.get_by_role("button", name="Copy secret").click()
        expect(admin.get_by_text("Copied.")).to_be_visible()
        assert admin.evaluate("navigator.clipboard.readText()") == secret
        expect(admin.get_by_role("heading", name="Embedding is on")).to_be_visible()
        screenshot(admin, "saved", area="embedding")

        admin.reload()  # the secret is not shown again
        expect(admin.locator("#new-secret")).to_have_count(0)
        expect(admin.get_by_text(f"…{secret[-4:]}")).to_be_visible()
        snippet = admin.locator(".embed-form", has_text="Equipment request").locator(".snippet")
        line = snippet.inner_text().strip()
        assert line.startswith(f'<script src="{live_server.base_url}/embed.js"'), line
        admin.set_viewport_size({"width": 375, "height": 800})
        assert admin.evaluate("document.documentElement.scrollWidth") <= 375
        screenshot(admin, "phone", area="embedding")
    finally:
        admin.context.close()

    page_html = SCRIPT_LINE.sub(lambda _: line, (EXAMPLE / "index.html").read_text())
    holder["page"] = page_html.replace("__TOKEN__", mint(secret, issuer)).encode()
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(origin + "/")
        frame = page.frame_locator("iframe")
        frame.get_by_label("Yes, I agree").check(timeout=15_000)
        frame.get_by_role("button", name="Continue").click()
        expect(frame.get_by_label("Work email")).to_have_value("kim@example.com")
        frame.get_by_label("What do you need?").fill("A standing desk")
        frame.get_by_role("radio", name="Type").check()
        frame.get_by_label("Type your full name to sign").fill("Kim Lee")
        frame.get_by_role("button", name="Continue").click()
        frame.get_by_role("button", name="Sign and finish").click()
        expect(page.locator("#events")).to_contain_text("formseal:completed", timeout=20_000)
    finally:
        context.close()
