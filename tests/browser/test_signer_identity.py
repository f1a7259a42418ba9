"""Identity checks and consent in chromium: an emailed code (read from the outbox), wrong
codes announced, an access code, the lock after too many wrong codes, and refusing consent
(then declining). axe on each page. Attempts, the lock and the decline are stored, so these
run on SQLite and on PostgreSQL (`engine_server`)."""

import copy
import email
import email.policy
import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import WIZARD, assert_accessible, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    ctx: BrowserContext = browser.new_context(viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


def with_identity(check: str) -> dict:
    definition = copy.deepcopy(WIZARD)
    definition["name"] = f"Supplier onboarding ({check})"
    definition["roles"][0]["identity"] = check
    return definition


def mailed_code(server: LiveServer, address: str, after: float) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted((server.var_dir / "outbox").glob("*.eml"), reverse=True):
            if path.stat().st_mtime < after:
                continue
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address in str(message["To"]) and str(message["Subject"]).startswith(
                "Your code for"
            ):
                body = message.get_body(preferencelist=("plain",)).get_content()
                return re.search(r"^\s+(\d{6})\s*$", body, re.M).group(1)
        time.sleep(0.2)
    raise AssertionError("no code mailed")


@pytest.mark.timeout(90)
def test_an_emailed_code_then_consent(page: Page, engine_server: LiveServer) -> None:
    link = new_envelope(engine_server, with_identity("email_code"))
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    expect(page.locator(".lead")).to_contain_text("s•••@example.com")
    assert_accessible(page, "identity: before sending")
    started = time.time() - 1
    page.get_by_role("button", name="Send the code").click()
    code = mailed_code(engine_server, "sam@example.com", started)
    page.get_by_label("Code", exact=True).fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The code is not right. You have 4 more tries.")
    assert_accessible(page, "identity: wrong code")
    shot(page, "signer-identity-error")
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Using electronic records and signatures"
    )


@pytest.mark.timeout(90)
def test_an_access_code_and_refusing_consent(page: Page, engine_server: LiveServer) -> None:
    link = new_envelope(engine_server, with_identity("access_code"), access_code="otter-1234")
    page.goto(link)
    expect(page.get_by_label("Access code")).to_be_visible()
    shot(page, "signer-identity-access-code")
    page.get_by_label("Access code").fill("otter-1234")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # neither answer chosen
    expect(page.locator(".error-summary")).to_contain_text("Select whether you agree")
    page.get_by_label("No, I do not agree").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign electronically")
    assert_accessible(page, "consent refused")
    shot(page, "signer-consent-refused")
    page.goto(link)  # without consent the wizard stays closed
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Using electronic records and signatures"
    )
    page.goto(link.rstrip("/") + "/decline")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline to sign")
    page.get_by_role("button", name="Decline").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page, "decline with an error")
    page.get_by_label("Reason").fill("I will sign on paper.")
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You declined to sign")
    assert_accessible(page, "declined")
    page.goto(link.rsplit("/s/", 1)[0] + "/s/" + "A" * 43)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page, "an unknown signing link")


@pytest.mark.timeout(60)
def test_five_wrong_access_codes_lock_the_check(page: Page, engine_server: LiveServer) -> None:
    link = new_envelope(engine_server, with_identity("access_code"), access_code="otter-1234")
    page.goto(link)
    for left in (4, 3, 2, 1):
        page.get_by_label("Access code").fill("badger-0000")
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".error-summary")).to_contain_text(
            f"The access code is not right. You have {left} more {'tries' if left > 1 else 'try'}."
        )
    page.get_by_label("Access code").fill("badger-0000")
    page.get_by_role("button", name="Continue").click()
    notice = page.locator(".notice")
    expect(notice).to_contain_text("Too many wrong codes. For your security, try again after")
    expect(page.get_by_label("Access code")).to_have_count(0)
    assert_accessible(page, "identity: locked")
    shot(page, "signer-identity-locked")
    page.goto(link)  # the lock is stored: a new visit (or another browser) is still locked
    expect(notice).to_contain_text("Too many wrong codes")
    expect(page.get_by_label("Access code")).to_have_count(0)
