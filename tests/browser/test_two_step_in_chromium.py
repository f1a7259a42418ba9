"""Two-step verification as a person does it: turn it on with the code an authenticator
app would show (pyotp), keep the recovery codes, sign in again with the password and then
a code; an administrator turns it off for a colleague, then requires it, and the colleague
gets only Your account; at 1280 and 375 px, nothing wider than the screen."""

import re
import time
import uuid

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from designer.accounts import two_step
from designer.tables import DesignerUser
from runtime.settings import Settings
from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import follow, opened, screenshot, sign_in
from tests.browser.signer_helpers import axe_violations

pytestmark = pytest.mark.browser


async def _turn_on(settings: Settings, email: str) -> None:
    """Two-step verification on for `email`, as the account screen leaves it."""
    user = await DesignerUser.objects().where(DesignerUser.email == email).first()
    assert user is not None
    stored = two_step.encrypt(settings, user.id, two_step.new_secret())
    await DesignerUser.update({DesignerUser.totp_secret: stored}).where(DesignerUser.id == user.id)


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width  # type: ignore[index]


def _checked(page: Page, where: str, width: int) -> None:
    """On the phone: axe finds nothing, and the two-step controls are 44 px tap targets
    (UI.md). axe once per screen (1-2 s each), at the phone's width only."""
    if width != 375:
        return
    found = axe_violations(page)
    assert not found, f"{where}: {found}"
    small = page.evaluate(
        """() => [...document.querySelectorAll(
  '.two-step button, .two-step summary, .two-step input, .two-step-setup button, ' +
  '.two-step-setup a.button, .two-step-setup input, .login-card button, .login-card input, ' +
  '#two-step-policy button, .user-two-step summary, .user-two-step button')]
  .filter(e => e.type !== 'hidden' && e.type !== 'checkbox')
  .filter(e => { const r = e.getBoundingClientRect(); return r.height && r.height < 43.5; })
  .map(e => e.tagName + ' ' + (e.textContent || e.name).trim().slice(0, 30))"""
    )
    assert not small, f"{where}: tap targets under 44 px: {small}"


@pytest.mark.timeout(120)
@pytest.mark.parametrize("width", [1280, 375], ids=["1280", "375"])
def test_turn_on_and_sign_in_with_a_code(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    email = f"two-step-{uuid.uuid4().hex[:8]}@example.com"
    password = "a long two-step passphrase"
    organisation = f"Two step {uuid.uuid4().hex[:6]}"
    live_server.create_user(email, organisation, password)
    colleague = f"lost-phone-{uuid.uuid4().hex[:8]}@example.com"
    live_server.create_user(colleague, organisation, password)
    live_server.run(lambda settings: _turn_on(settings, colleague))
    page = sign_in(browser, live_server.base_url, email, password, width=width)
    page.goto(f"{live_server.base_url}/designer/account")
    screenshot(page, f"account-off-{width}", area="two-step")
    follow(page.get_by_role("button", name="Turn on two-step verification"))

    expect(page.get_by_role("heading", name="Turn on two-step verification")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator(".two-step-setup__secret").inner_text().replace(" ", "")
    _fits(page)
    screenshot(page, f"setup-{width}", area="two-step")
    page.get_by_label("6-digit code").fill("000000")
    follow(page.get_by_role("button", name="Turn on"))
    expect(page.locator(".error-summary")).to_contain_text("That code is not right")
    expect(page.get_by_label("6-digit code")).to_have_attribute("aria-invalid", "true")
    assert page.locator(".two-step-setup__secret").inner_text().replace(" ", "") == secret
    screenshot(page, f"setup-error-{width}", area="two-step")
    _checked(page, "setup-error", width)

    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    follow(page.get_by_role("button", name="Turn on"))
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    _fits(page)
    screenshot(page, f"codes-{width}", area="two-step")
    _checked(page, "codes", width)
    follow(page.get_by_role("link", name=re.compile("I have kept my codes")))
    expect(page.locator(".two-step")).to_contain_text("10 of your 10 recovery codes are left")
    for summary in page.locator(".two-step summary").all():
        summary.click()
    screenshot(page, f"account-on-{width}", area="two-step")
    _checked(page, "account-on", width)

    page.context.clear_cookies()
    page.goto(f"{live_server.base_url}/designer/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    follow(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_role("heading", name="Enter the code from your app")).to_be_visible()
    page.get_by_label("Code", exact=True).fill("000000")
    follow(page.get_by_role("button", name="Continue"))
    expect(page.locator(".error-summary")).to_contain_text("That code is not right")
    _fits(page)
    screenshot(page, f"login-code-error-{width}", area="two-step")
    _checked(page, "login-code-error", width)
    # The step after the one that turned it on: each code works once.
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).at(time.time() + 30))
    follow(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    opened(page)
    page.goto(f"{live_server.base_url}/designer/users")
    row = page.locator("tr", has_text=colleague)
    expect(row.locator("p.user-two-step")).to_contain_text("Two-step verification on")
    row.locator("details.user-two-step summary").click()
    _fits(page)
    screenshot(page, f"users-{width}", area="two-step")
    follow(row.get_by_role("button", name=re.compile("Turn off two-step verification")))
    expect(page.get_by_role("status")).to_contain_text(
        f"Two-step verification is off for {colleague}"
    )

    # The organisation requires it: the colleague, now without it, gets only Your account.
    page.get_by_label("Require two-step verification for password sign-in").check()
    follow(page.locator("#two-step-policy").get_by_role("button", name="Save"))
    expect(page.get_by_role("status")).to_contain_text("must now turn on two-step")
    screenshot(page, f"users-required-{width}", area="two-step")
    _checked(page, "users-required", width)
    page.context.clear_cookies()
    page.goto(f"{live_server.base_url}/designer/login")
    page.get_by_label("Email address").fill(colleague)
    page.get_by_label("Password").fill(password)
    follow(page.get_by_role("button", name="Sign in"))
    expect(page.get_by_text("Turn on two-step verification to continue")).to_be_visible()
    assert page.url.endswith("/designer/account")
    _fits(page)
    screenshot(page, f"account-required-{width}", area="two-step")
    _checked(page, "account-required", width)
    page.context.close()
