"""An author in a real browser: sign in, build a two-step template with drag and drop,
keyboard moves and a rule, publish it, preview it (wizard and PDF), then send it through
the API and open it as the signer, who sees the fields in the order the author chose.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot of every screen.
"""

import re
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import LiveServer, formseal_command
from tests.browser.designer_pages import (
    PASSWORD,
    Author,
    author,  # noqa: F401  (a module fixture: one author for both tests)
    drag,
    follow,
    saved,
    shot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    csp = [p for p in problems if "Content Security Policy" in p]
    assert not csp, f"CSP violations: {csp}"


def enter(page: Page, selector: str, value: str) -> None:
    """Type into a properties input and leave it (Tab), which saves at once."""
    page.locator(selector).fill(value)
    page.locator(selector).press("Tab")
    saved(page)


def field_keys(page: Page, step: int) -> list[str]:
    fields = page.locator(".canvas-section").nth(step).locator(".canvas-field")
    return [k for k in fields.evaluate_all("els => els.map(e => e.dataset.key)")]


@pytest.mark.timeout(150)
def test_author_builds_publishes_previews_and_sends(
    page: Page,
    context: BrowserContext,
    live_server: LiveServer,
    author: Author,  # noqa: F811
) -> None:
    base = live_server.base_url
    page.goto(f"{base}/designer/templates")
    expect(page).to_have_url(re.compile(r"/designer/login\?next="))
    shot(page, "login")
    page.get_by_label("Email address").fill(author.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_contain_text("not right")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Templates", level=1)).to_be_visible()
    expect(page.locator(".empty-state")).to_contain_text("No templates yet")
    shot(page, "library-empty")

    page.get_by_label("Name of the new template").fill("Consulting agreement")
    follow(page.get_by_role("button", name="Create template"))
    expect(page.get_by_role("heading", name="Add your first step")).to_be_visible()
    page.get_by_role("button", name="Add your first step").click()
    expect(page.locator(".canvas-section")).to_have_count(1)

    # Step 1: Full name, then Client type (radio), then Company name.
    page.locator(".palette").get_by_role("button", name="Short text").click()
    saved(page)
    enter(page, "#prop-label", "Full name")
    expect(page.locator("#prop-key")).to_have_value("full_name")
    page.locator("#prop-required").check()
    saved(page)
    page.locator(".palette").get_by_role("button", name="Radio buttons").click()
    saved(page)
    enter(page, "#prop-label", "Client type")
    enter(page, "#prop-options", "Person\nCompany")
    page.locator(".palette").get_by_role("button", name="Short text").click()
    saved(page)
    enter(page, "#prop-label", "Company name")
    assert field_keys(page, 0) == ["full_name", "client_type", "company_name"]

    # A rule, built from pickers and read back as a sentence.
    page.get_by_role("button", name="Add a condition").click()
    saved(page)
    builder = page.locator("#rule-builder")
    builder.get_by_label("Field 1").select_option(label="Client type")
    saved(page)
    builder.get_by_label("Value 1").select_option(label="Company")
    saved(page)
    expect(builder.locator(".rule-builder__sentence")).to_have_text(
        "Show this field when “Client type” is Company"
    )
    expect(page.locator('.canvas-field[data-key="company_name"] .rule-chip')).to_contain_text(
        "“Client type” is Company"
    )
    shot(page, "editor")

    # Drag and drop: Client type above Full name.
    drag(
        page,
        '.canvas-field[data-key="client_type"] [data-drag-handle]',
        '.canvas-field[data-key="full_name"]',
    )
    saved(page)
    expect(page.locator(".canvas-section").first.locator(".canvas-field").first).to_have_attribute(
        "data-key", "client_type"
    )
    assert field_keys(page, 0) == ["client_type", "full_name", "company_name"]

    # Keyboard: Full name one down, and back up.
    page.locator("#select-field-full_name").focus()
    page.keyboard.press("Alt+ArrowDown")
    saved(page)
    assert field_keys(page, 0) == ["client_type", "company_name", "full_name"]
    page.locator("#select-field-full_name").focus()
    page.keyboard.press("Alt+ArrowUp")
    saved(page)
    assert field_keys(page, 0) == ["client_type", "full_name", "company_name"]

    # Undo and redo the last move.
    page.get_by_role("button", name="Undo").click()
    saved(page)
    assert field_keys(page, 0) == ["client_type", "company_name", "full_name"]
    page.get_by_role("button", name="Redo").click()
    saved(page)
    assert field_keys(page, 0) == ["client_type", "full_name", "company_name"]

    # Step 2 with a signature, renamed from the properties panel.
    page.get_by_role("button", name="Add a step").click()
    saved(page)
    enter(page, "#prop-title", "Sign")
    page.locator(".palette").get_by_role("button", name="Signature").click()
    saved(page)
    expect(page.locator(".canvas-section")).to_have_count(2)
    expect(page.locator(".canvas-section").nth(1)).to_contain_text("Sign")

    # Drag a component from the palette onto the form, above the signature.
    drag(
        page,
        '.palette__item[data-component="date"] .palette__button',
        '.canvas-field[data-key="signature"]',
    )
    saved(page)
    assert field_keys(page, 1) == ["date", "signature"]

    # The document: a heading and a paragraph with a merge field.
    follow(page.get_by_role("link", name="Document"))
    page.get_by_role("button", name="Add a heading").click()
    saved(page)
    enter(page, "#prop-text", "Consulting agreement")
    page.locator(".palette").get_by_role("button", name="Paragraph", exact=True).click()
    saved(page)
    area = page.locator("#rte-area")
    area.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("This agreement is made with ")
    page.locator("#rte-merge").select_option("full_name")
    page.keyboard.type(".")
    saved(page)
    paragraph = page.locator(".doc-paragraph").first
    expect(paragraph).to_contain_text("made with Full name.")  # the merge field as a chip
    expect(paragraph.locator(".merge-field")).to_have_attribute("title", "{{ full_name }}")
    shot(page, "document")

    follow(page.get_by_role("link", name="Roles and signing order"))
    expect(page.locator(".role-card")).to_have_count(1)
    shot(page, "roles")

    # Publish: a deliberate act with a summary.
    follow(page.get_by_role("link", name="Publish…"))
    expect(page.get_by_role("heading", name="What you are publishing")).to_be_visible()
    expect(page.locator(".changes")).to_contain_text("2 steps with 5 fields")
    shot(page, "publish")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.locator(".notice--success")).to_contain_text("Version 1 is published")
    template_id = page.locator(".notice--success code").inner_text().strip()
    shot(page, "versions")

    # Preview as the signer: the wizard, then the PDF with those answers.
    follow(page.get_by_role("link", name="Preview").first)
    expect(page.locator(".step-caption")).to_contain_text("Step 1 of 3")
    page.get_by_label("Company", exact=True).check()
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Company name").fill("Analytical Engines Ltd")
    shot(page, "preview")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".signer-frame h1")).to_have_text("Sign")
    typed = page.locator("#input-signature__typed")
    if not typed.is_visible():  # the signer's pad offers draw / type / upload
        page.get_by_label("Type", exact=True).check()
    typed.fill("Ada Lovelace")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".signer-frame h1")).to_have_text("Check your answers")
    with context.expect_page() as popup:
        page.get_by_role("button", name="See the PDF with these answers").click()
    pdf_page = popup.value
    pdf_page.wait_for_load_state()
    assert "/preview/pdf" in pdf_page.url

    # Send it through the API and open it as the signer.
    key = subprocess.run(
        [*formseal_command(), "apikey", "create", "--organisation", author.organisation],
        env=live_server.env,
        cwd=live_server.var_dir.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    sent = httpx.post(
        f"{base}/api/v1/envelopes",
        headers={"Authorization": f"Bearer {key}"},
        json={
            "template_id": template_id,
            "recipients": [{"role": "signer", "name": "Ada Lovelace", "email": "ada@example.com"}],
        },
        timeout=30,
    )
    assert sent.status_code == 201, sent.text
    page.goto(sent.json()["recipients"][0]["signing_url"])
    if page.locator("#consent-yes").count():  # consent to electronic records comes first
        page.locator("#consent-yes").check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    labels = page.locator("main .label, main legend").all_inner_texts()
    assert labels.index("Client type") < labels.index("Full name"), labels


@pytest.mark.timeout(90)
def test_a_lost_save_says_so_and_can_be_retried(
    page: Page,
    live_server: LiveServer,
    author: Author,  # noqa: F811
) -> None:
    page.goto(f"{live_server.base_url}/designer/login")
    page.get_by_label("Email address").fill(author.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Name of the new template").fill("Offline test")
    follow(page.get_by_role("button", name="Create template"))
    page.get_by_role("button", name="Add your first step").click()
    saved(page)

    dropped: list[str] = []
    offline = [True]

    def flaky(route) -> None:  # the network fails for a while, as on a train's Wi-Fi
        if offline[0]:
            dropped.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/properties", flaky)
    page.locator("#prop-title").fill("Your company")
    page.locator("#prop-title").press("Tab")
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-state", "failed")
    expect(status).to_contain_text("Not saved")
    page.wait_for_timeout(1200)  # the save that waited for typing to pause fails too
    expect(status).to_have_attribute("data-state", "failed")
    offline[0] = False
    retry = page.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    retry.click()
    saved(page)
    expect(page.locator(".canvas-section__title")).to_have_text("Your company")
    assert dropped
    page.reload()
    expect(page.locator(".canvas-section__title")).to_have_text("Your company")
