"""The organisation and the user in the designer's header, in chromium: at 1280 px a
reasonably long name ("Northwind Legal Services Ltd") and a 30-character email are shown
whole, where a cap of 24rem cut them ("Northwind Legal Servic… · ops-1a2b3c@northwind-le…")
beside free room; at 375 px they may be cut, and the whole of both is still the link's
accessible name and its title (tests/browser/test_designer_header_in_chromium.py keeps
the header one row from 1024 to 1366 px with a longer name, shortened)."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
ORGANISATION = "Northwind Legal Services Ltd"
#: each part of the header's who: whether it is cut (its text wider than its box)
CUT = """() => [...document.querySelectorAll('.designer-header__who > span')]
  .filter(e => getComputedStyle(e).display !== 'none')
  .map(e => ({text: e.textContent, cut: e.scrollWidth > e.clientWidth + 0.5}))"""


def test_a_long_organisation_and_email_are_whole_on_a_desk_and_reachable_on_a_phone(
    browser: Browser, live_server: LiveServer
) -> None:
    email = f"ops-{uuid.uuid4().hex[:6]}@northwind-legal.com"
    assert len(email) == 30
    # the organisation's name is Northwind Legal Services Ltd once per live server
    live_server.create_user(email, ORGANISATION, PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD, width=1280)
    try:
        who = page.locator(".designer-header__who")
        whole = re.compile(re.escape(ORGANISATION) + r".*" + re.escape(email))
        expect(who).to_have_text(whole)
        assert page.evaluate(CUT) == [
            {"text": ORGANISATION, "cut": False},
            {"text": email, "cut": False},
        ]
        screenshot(page, "who-1280", area="header", full_page=False)
        page.set_viewport_size({"width": 375, "height": 800})
        name = page.locator(".designer-header__name")  # no room for it on a phone
        assert (name.bounding_box() or {}).get("width", 0) <= 1
        # cut or hidden on screen, both whole in the link's name and its title
        expect(page.get_by_role("link", name=whole)).to_be_visible()
        both = re.compile(f"(?=.*{re.escape(ORGANISATION)})(?=.*{re.escape(email)})")
        expect(who).to_have_attribute("title", both)
        screenshot(page, "who-375", area="header", full_page=False)
    finally:
        page.context.close()
