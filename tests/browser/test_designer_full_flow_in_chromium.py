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
from tests.browser.designer_editing import (
    add,
    drag,
    enter,
    saved,
    sections,
    select_section,
    settled,
    stages,
)
from tests.browser.designer_pages import (
    PASSWORD,
    Author,
    author,  # noqa: F401  (a module fixture: one author for both tests)
    follow,
    shot,
)
from tests.browser.keyboard import press, tab_to, type_into

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


def check_preview_and_send(page: Page, shoot: str) -> str:
    """What both tests read off the screens once the template is published: the preview
    per role (the company step comes and goes with the answer) and a test envelope."""
    follow(page.get_by_role("link", name="Preview").first)
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

    page.locator(".preview-roles").get_by_role("button", name="Buyer").click()
    expect(page.locator(".signer-frame h1")).to_have_text("Approval")
    expect(caption).to_contain_text("Step 1 of 2")
    shot(page, f"{shoot}-preview-buyer")

    follow(page.get_by_role("link", name="Versions"))
    versions = page.url
    page.get_by_role("button", name="Send me a test").click()
    expect(page).to_have_url(re.compile(r"/designer/envelopes/[0-9a-f-]+\?sent=1"))
    expect(page.locator("main")).to_contain_text("Sent.")
    people = page.locator("table").first.locator("tbody tr")
    expect(people).to_have_count(2)  # the author in both roles, one per stage
    expect(people.nth(0)).to_contain_text("Invited, not opened yet")
    expect(people.nth(1)).to_contain_text("Not invited yet")
    page.get_by_text("Void this envelope").click()  # opened, its parts do not touch
    reason = page.locator("#void-reason").bounding_box()
    void = page.get_by_role("button", name="Void envelope").bounding_box()
    assert reason and void and void["y"] >= reason["y"] + reason["height"] + 8, (reason, void)
    shot(page, f"{shoot}-test-envelope")
    page.get_by_role("link", name="Envelopes", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("Supplier onboarding")
    return versions


def check_compare_versions(page: Page, versions: str) -> None:
    """Version 2 adds a heading to the document; the Versions tab compares any two."""
    page.goto(versions)
    follow(page.get_by_role("link", name="Document"))
    page.get_by_role("button", name="Add a heading").click()
    saved(page)
    enter(page, "#prop-text", "Supplier terms")
    follow(page.get_by_role("link", name="Publish…"))
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".notice--success")).to_contain_text("Version 2 is published")
    expect(page.get_by_label("From version")).to_have_value("1")
    expect(page.get_by_label("to version")).to_have_value("2")
    # its title sits as high in its card as a version's does (it had a blank line above it)
    gaps = page.evaluate(
        """() => [["#compare-title", ".compare"], [".version__title", ".version"]].map(
            ([title, card]) => document.querySelector(title).getBoundingClientRect().top
                - document.querySelector(card).getBoundingClientRect().top)"""
    )
    assert abs(gaps[0] - gaps[1]) <= 2, gaps
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#comparison")).to_contain_text("document")
    shot(page, "flow-compare")


@pytest.mark.timeout(120)
def test_with_the_mouse(page: Page, live_server: LiveServer, author: Author) -> None:  # noqa: F811
    base = live_server.base_url
    page.goto(f"{base}/designer/login")
    page.get_by_label("Email address").fill(author.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Name of the new template").fill("Supplier onboarding")
    follow(page.get_by_role("button", name="Create template"))
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
    expect(builder.locator(".rule-builder__sentence")).to_contain_text("“Supplier type” is Company")
    shot(page, "flow-condition")

    # Step 3 for a second role, who acts after the supplier.
    page.get_by_role("button", name="Add a step").click()
    saved(page)
    enter(page, "#prop-title", "Approval")
    palette.get_by_role("button", name="Signature").click()
    saved(page)
    assert sections(page) == ["Your details", "Your company", "Approval"]
    expect(page.locator(".canvas-section").nth(1).locator(".rule-chip")).to_contain_text(
        "“Supplier type” is Company"
    )
    shot(page, "flow-form")

    follow(page.get_by_role("link", name="Roles and signing order"))
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
    follow(page.get_by_role("link", name="Form", exact=True))
    page.locator(".canvas-section").nth(2).locator(".canvas-section__select").click()
    expect(page.locator("#prop-title")).to_have_value("Approval")
    settled(page)
    page.locator("#prop-role").select_option(label="Buyer")
    saved(page)
    expect(page.locator(".canvas-section").nth(2).locator(".badge--role")).to_have_text("Buyer")

    follow(page.get_by_role("link", name="Publish…"))
    expect(page.locator(".error-summary")).to_have_count(0)
    shot(page, "flow-publish")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".notice--success")).to_contain_text("Version 1 is published")
    check_compare_versions(page, check_preview_and_send(page, "flow"))


# ---- the keyboard alone: Tab, Shift+Tab, Enter, Space, arrows and typing, no clicks ----


@pytest.mark.timeout(120)
def test_with_the_keyboard_alone(page: Page, live_server: LiveServer, author: Author) -> None:  # noqa: F811
    page.goto(f"{live_server.base_url}/designer/login")
    type_into(page, "input[type=email]", author.email)
    tab_to(page, "input[type=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    tab_to(page, 'input[name="name"]')
    page.keyboard.type("Supplier onboarding")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add your first step")).to_be_visible()
    press(page, ".canvas-start button")
    saved(page)

    # Step 1: Email, prefilled from the link and locked; Supplier type; a signature.
    add(page, "text")
    type_into(page, "#prop-label", "Email")
    saved(page)
    tab_to(page, "#prop-prefill")
    page.keyboard.type("A param")  # type-ahead in a closed select picks the option
    saved(page)
    expect(page.locator("#prop-prefill")).to_have_value("url")
    press(page, "#prop-lock", "Space")
    saved(page)
    expect(page.locator('.canvas-field[data-key="email"]')).to_contain_text("Prefilled, locked")
    add(page, "radio")
    type_into(page, "#prop-label", "Supplier type")
    saved(page)
    type_into(page, "#prop-options", "Person\nCompany")
    saved(page)
    add(page, "signature")

    # Keyboard reordering: Email one down, and back up.
    press(page, "#select-field-email", "Alt+ArrowDown")
    saved(page)
    expect(page.locator(".canvas-section").first.locator(".canvas-field").nth(1)).to_have_attribute(
        "data-key", "email"
    )
    press(page, "#select-field-email", "Alt+ArrowUp")
    saved(page)
    expect(page.locator(".canvas-section").first.locator(".canvas-field").first).to_have_attribute(
        "data-key", "email"
    )

    # Step 2, only for companies, with a file upload.
    press(page, ".canvas-add-step")
    saved(page)
    settled(page)
    type_into(page, "#prop-title", "Your company")
    saved(page)
    add(page, "text")
    type_into(page, "#prop-label", "Company name")
    saved(page)
    add(page, "attachment")
    type_into(page, "#prop-label", "Registration certificate")
    saved(page)
    select_section(page, 2)
    press(page, "#rb-add")
    saved(page)
    settled(page)  # the new condition's pickers are wired up before they are used
    expect(page.locator("#rb-0-field")).to_be_focused()  # the new condition's first picker
    # it starts on the last question answered before the step (not Email, the form's first;
    # not the signature after it, whose "is signed" would be saved unasked)
    expect(page.locator("#rb-0-field")).to_have_value("supplier_type")
    tab_to(page, "#rb-0-field")
    # Type-ahead, one key at a time: E picks Email (the next question starting with E, from
    # the top), then S the first one after it starting with S (Supplier type, before
    # Signature). A whole word typed fast could land its later keys in the picker drawn
    # again by the first key's save (it once picked Email).
    page.keyboard.press("E")
    saved(page)
    settled(page)  # the value picker was drawn again for the chosen field
    expect(page.locator("#rb-0-field")).to_have_value("email")
    tab_to(page, "#rb-0-field")
    page.keyboard.press("S")
    saved(page)
    settled(page)
    expect(page.locator("#rb-0-field")).to_have_value("supplier_type")
    tab_to(page, "#rb-0-value")
    page.keyboard.type("Company")
    saved(page)
    expect(page.locator("#rule-builder .rule-builder__sentence")).to_contain_text(
        "“Supplier type” is Company"
    )

    # Step 3, for the second role.
    press(page, ".canvas-add-step")
    saved(page)
    settled(page)
    type_into(page, "#prop-title", "Approval")
    saved(page)
    add(page, "signature")
    assert sections(page) == ["Your details", "Your company", "Approval"]
    shot(page, "keyboard-form")

    press(page, '.editor-tabs a[href$="/roles"]')
    press(page, ".palette__button")  # the first role kind: Signer
    saved(page)
    settled(page)
    expect(page.locator("#prop-name")).to_be_focused()
    type_into(page, "#prop-name", "Buyer")
    saved(page)
    assert stages(page) == [["Signer"], ["Buyer"]]
    press(page, "#select-role-buyer", "Alt+ArrowUp")  # earlier: alongside the signer
    saved(page)
    assert [sorted(s) for s in stages(page)] == [["Buyer", "Signer"]]
    press(page, "#select-role-buyer", "Alt+ArrowDown")  # later: a stage of its own
    saved(page)
    assert stages(page) == [["Signer"], ["Buyer"]]
    shot(page, "keyboard-roles")

    press(page, '.editor-tabs a[href$="/edit"]')
    select_section(page, 3)
    tab_to(page, "#prop-role")
    page.keyboard.type("Buyer")
    saved(page)
    expect(page.locator(".canvas-section").nth(2).locator(".badge--role")).to_have_text("Buyer")

    press(page, '.editor-bar a[href$="/publish"]')
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", name="What you are publishing")).to_be_visible()
    shot(page, "keyboard-publish")
    press(page, ".publish-form button")
    expect(page.locator(".notice--success")).to_contain_text("Version 1 is published")

    # Preview as the signer: Company brings the company step, Person takes it away.
    press(page, '.editor-bar a[href$="/preview"]')
    caption = page.locator(".step-caption")
    expect(caption).to_contain_text("Step 1 of 2")
    tab_to(page, 'input[name="supplier_type"]')
    page.keyboard.press("ArrowDown")  # Person → Company
    expect(page.locator('input[name="supplier_type"][value="company"]')).to_be_checked()
    tab_to(page, 'input[name="signature__mode"]')
    page.keyboard.press("ArrowRight")  # Draw → Type
    tab_to(page, "#input-signature__typed")
    page.keyboard.type("Ada Lovelace")
    page.keyboard.press("Enter")
    expect(caption).to_contain_text("Step 2 of 3")
    expect(page.locator(".signer-frame h1")).to_have_text("Your company")
    press(page, 'button[value="back"]')
    expect(caption).to_contain_text("Step 1 of 3")  # the answers are kept
    tab_to(page, 'input[name="supplier_type"]')
    page.keyboard.press("ArrowUp")  # Company → Person
    press(page, ".signer-frame button.button:not([value])")
    expect(page.locator(".signer-frame h1")).to_have_text("Check your answers")
    expect(caption).to_contain_text("Step 2 of 2")
    press(page, '.preview-roles button[value="buyer"]')
    expect(page.locator(".signer-frame h1")).to_have_text("Approval")

    press(page, '.editor-tabs a[href$="/versions"]')
    press(page, "form.send-test button")
    expect(page).to_have_url(re.compile(r"/designer/envelopes/[0-9a-f-]+\?sent=1"))
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(2)
