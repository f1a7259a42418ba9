"""A role marked "Signed by the organisation with its company stamp" in the roles panel:
ticked, the kind and the identity check give way to what happens (nobody gets a link, the
stamp is applied), the card says so once saved, and the Form tab's palette offers the
company stamp; at 375 px the box and its sentence stay inside the pane."""

import uuid

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, saved, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.timeout(120)
def test_a_role_is_marked_as_signed_by_the_organisation(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = live_server.demo_author(f"Organisation role {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password)
    follow(page.locator("a[href$='/edit']").first)
    follow(page.get_by_role("link", name="Roles and signing order", exact=True))
    cards = page.locator(".role-card")
    before = cards.count()
    page.locator(".palette").get_by_role("button", name="Signer").click()
    expect(cards).to_have_count(before + 1)

    box = page.get_by_label("Signed by the organisation with its company stamp")
    identity = page.locator("#prop-identity")
    expect(identity).to_be_visible()
    box.check()
    expect(identity).to_be_hidden()
    expect(page.get_by_role("radio", name="Approver")).to_be_hidden()
    expect(page.locator("#organisation-hint")).to_contain_text("Nobody gets a link")
    expect(page.locator("#props-extra")).to_contain_text("give it a Company stamp field")
    saved(page)
    expect(cards.last).to_contain_text("Signed by the organisation with its company stamp")
    screenshot(page, "organisation-role-1280", area="designer", full_page=False)
    page.set_viewport_size({"width": 375, "height": 900})
    box.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "organisation-role-375", area="designer", full_page=False)

    follow(page.get_by_role("link", name="Form", exact=True))
    expect(page.locator('.palette [data-component="stamp"]')).to_have_count(1)
    page.context.close()
