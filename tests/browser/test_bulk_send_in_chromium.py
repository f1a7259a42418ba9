"""A sender in a real browser: bulk send from a CSV (check, row error, confirm, progress
updating itself until done), then the envelope list filtered by sender and the Resend button.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot of every screen.
"""

import re
import uuid
from functools import partial
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"
DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
ROWS = 12


shot = partial(screenshot, area="sending")


@pytest.mark.timeout(180)
def test_bulk_send_from_upload_to_done(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    base = live_server.base_url
    email = f"sender-{uuid.uuid4().hex[:6]}@example.com"
    organisation = f"Bulk org {uuid.uuid4().hex[:6]}"
    live_server.create_user(email, organisation, PASSWORD)
    key = live_server.create_api_key(organisation)
    imported = httpx.post(
        f"{base}/api/v1/templates",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        content=DEMO.read_bytes(),
        timeout=30,
    )
    assert imported.status_code == 201, imported.text
    rows = [
        f"Person {i},{'not an email' if i == 3 else f'person{i}@example.com'},2027-02-0{i % 9 + 1}"
        for i in range(ROWS)
    ]
    csv = tmp_path / "people.csv"
    csv.write_text("Customer name,Customer email,Service start date\n" + "\n".join(rows) + "\n")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{base}/designer/login")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/designer/envelopes")
        page.get_by_role("button", name="Bulk send from a spreadsheet").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bulk send “Service agreement”")
        shot(page, "bulk-upload")
        page.get_by_label("Spreadsheet").set_input_files(str(csv))
        page.get_by_label("Message in every invitation (optional)").fill("Welcome aboard")
        page.get_by_role("button", name="Upload and check").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Check the bulk send")
        expect(page.locator(".bulk-summary")).to_contain_text(f"{ROWS - 1} ready to send")
        errors = page.locator(".bulk-errors tbody tr")
        expect(errors).to_have_count(1)
        expect(errors.first).to_contain_text("5")  # header is row 1: Person 3 is row 5
        expect(errors.first).to_contain_text("Customer email")
        expect(page.get_by_label("Customer — email")).to_have_value("Customer email")
        # only the fields the template lets the sender fill in: its email, not the consent
        # tick box, the signature or the start date the signer gives
        expect(page.locator('select[name^="map.prefill."]')).to_have_count(1)
        expect(page.get_by_label("Fill in: Email address")).to_be_visible()
        expect(page.locator("form.bulk-mapping")).not_to_contain_text("I have read")
        expect(page.get_by_text("Not used:")).to_contain_text("Service start date")
        # on a phone each column's menu takes the card's width (beside its name it was
        # ~60 px wide: the chosen column could not be read)
        page.set_viewport_size({"width": 375, "height": 800})
        menu = page.get_by_label("Customer — email").bounding_box()
        assert menu and menu["width"] > 250 and menu["x"] + menu["width"] <= 375, menu
        shot(page, "bulk-check-375")
        page.set_viewport_size({"width": 1280, "height": 900})
        shot(page, "bulk-check")

        page.get_by_role("button", name=f"Send {ROWS - 1} envelopes").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Bulk send of")
        shot(page, "bulk-progress-running")
        # htmx polls the counts until the job is done, without reloading the page
        expect(page.locator(".bulk-progress__state")).to_contain_text("Done.", timeout=60_000)
        expect(page.locator('[data-count="created"]')).to_have_text(str(ROWS - 1))
        expect(page.locator('[data-count="failed"]')).to_have_text("1")
        expect(page.locator(".bulk-errors")).to_contain_text("Customer email")
        shot(page, "bulk-progress-done")

        page.get_by_role("link", name="See the envelopes").click()
        page.get_by_label("Sender").select_option(email)
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"sender=" + re.escape(email.replace("@", "%40"))))
        expect(page.locator("tbody tr")).to_have_count(ROWS - 1)
        shot(page, "envelope-list-filtered")

        page.goto(base + (page.locator("tbody tr a").first.get_attribute("href") or ""))
        expect(page.get_by_role("button", name=re.compile("Resend link to"))).to_be_visible()
        page.get_by_role("button", name=re.compile("Resend link to")).click()
        expect(page.locator(".notice--success")).to_contain_text("A new link is on its way")
        expect(page.locator(".timeline")).to_contain_text("New link sent")
        shot(page, "envelope-resent")
    finally:
        context.close()
