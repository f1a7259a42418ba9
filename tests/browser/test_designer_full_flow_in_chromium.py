"""Issue #4 point 10 in chromium: an author builds a three-step template with a conditional
step, a prefilled locked field, a file upload and two roles in different stages; previews
it as each role (the conditional step reacts to the answers); publishes it; and sends
themself a test envelope. Once with the mouse, once with the keyboard alone.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot of every screen.
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.test_designer_in_chromium import (
    PASSWORD,
    Author,
    author,  # noqa: F401  (a module fixture: one author for both tests)
    enter,
    saved,
    shot,
)
from tests.browser.test_designer_in_chromium import (
    drag as drag_visible,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    assert not problems, problems


def drag(page: Page, source: str, target: str, below: bool = False) -> None:
    """Drag and drop, after scrolling both ends into view (the panes scroll apart)."""
    page.locator(source).scroll_into_view_if_needed()
    page.locator(target).scroll_into_view_if_needed()
    drag_visible(page, source, target, below)


def settled(page: Page) -> None:
    """Wait until htmx has wired up the properties panel it just swapped in: a change made
    before that (htmx-added is still on its parts) would not be sent."""
    expect(page.locator("#properties.htmx-settling, #properties .htmx-added")).to_have_count(0)


def sections(page: Page) -> list[str]:
    return page.locator(".canvas-section__title").all_inner_texts()


def stages(page: Page) -> list[list[str]]:
    """The role names in each stage of the Roles tab, first stage first."""
    return page.locator(".stage:not(.stage--new)").evaluate_all(
        "els => els.map(s => [...s.querySelectorAll('.role-card__name')].map(n => n.textContent))"
    )


def check_preview_and_send(page: Page, shoot: str) -> None:
    """What both tests read off the screens once the template is published: the preview
    per role (the company step comes and goes with the answer) and a test envelope."""
    page.get_by_role("link", name="Preview").first.click()
    caption = page.locator(".step-caption")
    expect(caption).to_contain_text("Step 1 of 2")  # the company step is hidden at first
    expect(page.locator(".signer-frame h1")).to_have_text("Your details")
    page.get_by_label("Company", exact=True).check()
    typed = page.locator("#input-signature__typed")
    if not typed.is_visible():  # the signer's pad offers draw / type / upload
        page.get_by_label("Type", exact=True).check()
    typed.fill("Ada Lovelace")
    shot(page, f"{shoot}-preview")
    page.get_by_role("button", name="Continue").click()
    expect(caption).to_contain_text("Step 2 of 3")
    expect(page.locator(".signer-frame h1")).to_have_text("Your company")
    expect(page.get_by_label("Registration certificate")).to_have_attribute("type", "file")
    page.get_by_role("button", name="Back").click()
    page.get_by_label("Person", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".signer-frame h1")).to_have_text("Check your answers")
    expect(caption).to_contain_text("Step 2 of 2")  # a person skips the company step

    page.locator(".preview-roles").get_by_role("link", name="Buyer").click()
    expect(page.locator(".signer-frame h1")).to_have_text("Approval")
    expect(caption).to_contain_text("Step 1 of 2")
    shot(page, f"{shoot}-preview-buyer")

    page.get_by_role("link", name="Versions").click()
    page.get_by_role("button", name="Send me a test").click()
    expect(page).to_have_url(re.compile(r"/designer/envelopes/[0-9a-f-]+\?sent=1"))
    expect(page.locator("main")).to_contain_text("Sent.")
    people = page.locator("table").first.locator("tbody tr")
    expect(people).to_have_count(2)  # the author in both roles, one per stage
    expect(people.nth(0)).to_contain_text("Notified")
    expect(people.nth(1)).to_contain_text("Pending")
    shot(page, f"{shoot}-test-envelope")
    page.get_by_role("link", name="Envelopes", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("Supplier onboarding")


@pytest.mark.timeout(120)
def test_with_the_mouse(page: Page, live_server: LiveServer, author: Author) -> None:  # noqa: F811
    base = live_server.base_url
    page.goto(f"{base}/designer/login")
    page.get_by_label("Email address").fill(author.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Name of the new template").fill("Supplier onboarding")
    page.get_by_role("button", name="Create template").click()
    page.get_by_role("button", name="Add your first step").click()
    saved(page)
    palette = page.locator(".palette")

    # Step 1: the supplier's email, filled in from the link and locked; their type.
    palette.get_by_role("button", name="Short text").click()
    saved(page)
    enter(page, "#prop-label", "Email")
    page.locator("#prop-prefill").select_option(label="A parameter of the signed link")
    saved(page)
    page.locator("#prop-lock").check()
    saved(page)
    expect(page.locator('.canvas-field[data-key="email"]')).to_contain_text("Prefilled, locked")
    palette.get_by_role("button", name="Radio buttons").click()
    saved(page)
    enter(page, "#prop-label", "Supplier type")
    enter(page, "#prop-options", "Person\nCompany")
    palette.get_by_role("button", name="Signature").click()
    saved(page)

    # Step 2, only for companies: a file upload dragged in from the palette.
    page.get_by_role("button", name="Add a step").click()
    saved(page)
    enter(page, "#prop-title", "Your company")
    palette.get_by_role("button", name="Short text").click()
    saved(page)
    enter(page, "#prop-label", "Company name")
    drag(
        page,
        '.palette__item[data-component="attachment"] .palette__button',
        '.canvas-field[data-key="company_name"]',
    )
    saved(page)
    expect(page.locator(".canvas-section").nth(1).locator(".canvas-field")).to_have_count(2)
    expect(page.locator("#prop-label")).to_have_value("File upload")
    enter(page, "#prop-label", "Registration certificate")
    page.locator(".canvas-section").nth(1).locator(".canvas-section__select").click()
    expect(page.locator("#prop-title")).to_have_value("Your company")
    settled(page)
    saved(page)
    page.get_by_role("button", name="Add a condition").click()
    saved(page)
    builder = page.locator("#rule-builder")
    builder.get_by_label("Field 1").select_option(label="Supplier type")
    saved(page)
    builder.get_by_label("Value 1").select_option(label="Company")
    saved(page)
    expect(builder.locator(".rule-builder__sentence")).to_contain_text("Supplier type is Company")

    # Step 3 for a second role, who acts after the supplier.
    page.get_by_role("button", name="Add a step").click()
    saved(page)
    enter(page, "#prop-title", "Approval")
    palette.get_by_role("button", name="Signature").click()
    saved(page)
    assert sections(page) == ["Your details", "Your company", "Approval"]
    expect(page.locator(".canvas-section").nth(1).locator(".rule-chip")).to_contain_text(
        "Supplier type is Company"
    )
    shot(page, "flow-form")

    page.get_by_role("link", name="Roles and signing order").click()
    page.locator(".palette").get_by_role("button", name="Signer").click()
    saved(page)
    enter(page, "#prop-name", "Buyer")
    shot(page, "flow-roles")
    assert stages(page) == [["Signer"], ["Buyer"]]
    # Dragged into stage 1 the buyer acts alongside; dropped on a new stage, after.
    buyer = '.role-card[data-key="buyer"] [data-drag-handle]'
    drag(page, buyer, ".stage:first-child .stage__roles", below=True)
    saved(page)
    expect(page.locator(".stage").first).to_contain_text("2 roles at the same time")
    assert [sorted(s) for s in stages(page)] == [["Buyer", "Signer"]]
    drag(page, buyer, ".stage--new .stage__roles")
    saved(page)
    assert stages(page) == [["Signer"], ["Buyer"]]

    # Step 3 is the buyer's: a role of a later stage fills it in.
    page.get_by_role("link", name="Form", exact=True).click()
    page.locator(".canvas-section").nth(2).locator(".canvas-section__select").click()
    expect(page.locator("#prop-title")).to_have_value("Approval")
    settled(page)
    page.locator("#prop-role").select_option(label="Buyer (signer)")
    saved(page)
    expect(page.locator(".canvas-section").nth(2).locator(".badge--role")).to_have_text("Buyer")

    page.get_by_role("link", name="Publish…").click()
    expect(page.locator(".error-summary")).to_have_count(0)
    shot(page, "flow-publish")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".notice--success")).to_contain_text("Version 1 is published")
    check_preview_and_send(page, "flow")
