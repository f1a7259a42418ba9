"""Designer single sign-on in chromium: the sign-in page's "Sign in with …" button takes the
browser to an OpenID Connect provider on loopback (tests/oidc_provider.py) and back, and
the person lands where they were going, signed in. A formseal server of its own runs with
the FORMSEAL_OIDC_* settings, as an operator would set them.

Set FORMSEAL_SCREENSHOTS=<folder> to keep screenshots.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer, _serve
from tests.oidc_provider import Provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def idp() -> Iterator[Provider]:
    provider = Provider().start()
    provider.claims.update(
        {"sub": f"sub-{uuid.uuid4().hex}", "email": "dana.sso@example.com", "name": "Dana Sso"}
    )
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory: pytest.TempPathFactory, idp: Provider) -> Iterator[LiveServer]:
    with _serve(
        tmp_path_factory.mktemp("sso-browser"),
        settings={
            "FORMSEAL_RUN_WORKER": "false",
            "FORMSEAL_OIDC_ISSUER": idp.issuer,
            "FORMSEAL_OIDC_CLIENT_ID": idp.client_id,
            "FORMSEAL_OIDC_CLIENT_SECRET": idp.client_secret,
            "FORMSEAL_OIDC_NAME": "Northwind staff login",
            "FORMSEAL_OIDC_ORGANISATION": "Northwind Services",
            "FORMSEAL_OIDC_DEFAULT_ROLE": "author",
        },
    ) as server:
        yield server


def test_sign_in_with_the_identity_provider(browser: Browser, sso_server: LiveServer) -> None:
    shots = os.environ.get("FORMSEAL_SCREENSHOTS")
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    try:
        page = context.new_page()
        page.goto(f"{sso_server.base_url}/designer/templates")
        expect(page).to_have_url(f"{sso_server.base_url}/designer/login?next=/designer/templates")
        button = page.get_by_role("link", name="Sign in with Northwind staff login")
        expect(button).to_be_visible()
        expect(page.get_by_label("Password")).to_be_visible()  # passwords still work
        if shots:
            page.screenshot(path=str(Path(shots) / "sso-login.png"))
        button.click()
        expect(page).to_have_url(f"{sso_server.base_url}/designer/templates")
        expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
        expect(page.locator(".designer-header__user")).to_contain_text("Dana Sso")
        expect(page.locator(".designer-header__user")).to_contain_text("Northwind Services")
        # An author (FORMSEAL_OIDC_DEFAULT_ROLE) may create templates; no Users screen.
        expect(page.get_by_role("button", name="Create template")).to_be_visible()
        expect(page.get_by_role("link", name="Users")).to_have_count(0)
        if shots:
            page.screenshot(path=str(Path(shots) / "sso-signed-in.png"))

        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(f"{sso_server.base_url}/designer/login")
        # A callback this browser did not start is refused with a page that says why.
        page.goto(f"{sso_server.base_url}/designer/sso/callback?state=forged&code=x")
        expect(page.get_by_role("heading", level=1)).to_contain_text("did not work")
        expect(page.get_by_role("alert")).to_contain_text("not started in this browser")
    finally:
        context.close()
