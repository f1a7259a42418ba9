"""The signer's wizard in chromium: consent, conditional questions decided by the server as
answers change, autosave that survives closing the browser, and axe on every page. The
autosave test also runs on PostgreSQL (`engine_server`): the draft is what the database keeps."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.signer_helpers import WIZARD, agree, assert_accessible, new_envelope, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def caption(page: Page) -> str:
    return page.locator(".step-caption").inner_text()


@pytest.mark.timeout(120)
def test_questions_appear_as_answers_change_and_typing_is_autosaved(
    browser: Browser, context: BrowserContext, engine_server: LiveServer
) -> None:
    link = new_envelope(engine_server, WIZARD)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Using electronic records and signatures"
    )
    assert_accessible(page, "consent")
    shot(page, "signer-consent")
    agree(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    assert re.search(r"Step 1 of 4\s*—\s*About you", caption(page)), caption(page)
    expect(page.locator("#field-company_name")).to_have_count(0)
    config = page.evaluate(
        "() => [htmx.config.allowEval, htmx.config.allowScriptTags, htmx.config.selfRequestsOnly]"
    )
    assert config == [False, False, True]
    page.get_by_label("Full name").fill("Sam Supplier")
    page.get_by_label("Yes, as a company").check()
    # the server says the company question and the company step now apply
    expect(page.get_by_label("Company name")).to_be_visible()
    expect(page.locator(".step-caption")).to_contain_text("Step 1 of 5")
    expect(page.locator("#autosave-status")).to_have_text("Saved")
    with page.expect_response(lambda r: r.url.endswith("/draft") and r.status == 200):
        page.get_by_label("Company name").press_sequentially("Northwind Trading", delay=20)
    expect(page.get_by_label("Company name")).to_be_focused()
    expect(page.locator("#autosave-status")).to_have_text("Saved")
    expect(page.get_by_label("Company name")).to_have_value("Northwind Trading")
    assert_accessible(page, "step 1 with a revealed question")
    shot(page, "signer-step-conditional")

    # Another device (a fresh browser context): the typed values are there, unjudged.
    other = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        second = other.new_page()
        second.goto(link)  # consent belongs to the signer, so it is not asked again
        expect(second.get_by_label("Company name")).to_have_value("Northwind Trading")
        expect(second.get_by_label("Full name")).to_have_value("Sam Supplier")
        expect(second.locator(".error-summary")).to_have_count(0)
    finally:
        other.close()

    # Changing the answer hides the question again; Continue still validates.
    page.get_by_label("No, as a private person").check()
    expect(page.locator("#field-company_name")).to_have_count(0)
    expect(page.locator(".step-caption")).to_contain_text("Step 1 of 4")
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter full name")
    assert_accessible(page, "step 1 with errors")
    shot(page, "signer-step-errors")
    page.get_by_label("Full name").fill("Sam Supplier")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    expect(page.locator(".step-caption")).to_contain_text("Step 2 of 4")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.timeout(90)
def test_without_javascript_revealed_questions_are_asked_not_judged(
    browser: Browser, live_server: LiveServer
) -> None:
    link = new_envelope(live_server, WIZARD)
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(link)
        agree(page)
        # nothing is saved as it is typed without JavaScript, so the footer does not say so
        expect(page.locator(".site-footer")).to_contain_text("Signing for")
        expect(page.locator(".site-footer")).not_to_contain_text(
            "saved as you type", use_inner_text=True
        )
        page.get_by_label("Full name").fill("Sam Supplier")
        page.get_by_label("Yes, as a company").check()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("About you")
        expect(page.locator(".notice")).to_contain_text("added more questions")
        expect(page.locator(".error-summary")).to_have_count(0)
        page.get_by_label("Company name").fill("Northwind Trading")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your company")
        expect(page.locator(".step-caption")).to_contain_text("Step 2 of 5")
    finally:
        context.close()


@pytest.mark.timeout(90)
def test_a_lost_autosave_says_so_and_retry_saves_it(
    context: BrowserContext, live_server: LiveServer
) -> None:
    link = new_envelope(live_server, WIZARD)
    page = context.new_page()
    page.goto(link)
    agree(page)
    expect(page.locator(".site-footer")).to_contain_text("Your answers are saved as you type.")
    page.route("**/draft", lambda route: route.abort())
    page.get_by_label("Full name").fill("Sam Offline")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Not saved — retry")
    shot(page, "signer-autosave-failed")
    page.unroute("**/draft")
    with page.expect_response(lambda r: r.url.endswith("/draft") and r.status == 200):
        status.get_by_role("button", name="retry").click()
    expect(status).to_have_text("Saved")
    page.reload()
    expect(page.get_by_label("Full name")).to_have_value("Sam Offline")
