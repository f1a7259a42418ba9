"""Groups in a real browser: a parent's administrator opens the Organisation screen from
the header, adds a subsidiary and its first sender, shares a template letting the sender
choose whose name it goes out in; the subsidiary's sender sends it in the parent's name.

Set FORMSEAL_SCREENSHOTS=<folder> to keep screenshots of the screens.
"""

import uuid
from collections.abc import Iterator
from functools import partial

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in
from tests.integration.conftest import DEMO

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"


shot = partial(screenshot, area="groups")


@pytest.fixture
def group(live_server: LiveServer) -> Iterator[dict[str, str]]:
    suffix = uuid.uuid4().hex[:6]
    parent = f"Food Group {suffix}"
    email = f"group-admin-{suffix}@example.com"
    live_server.create_user(email, parent, PASSWORD, legal_name=f"{parent} Holdings plc")
    yield {
        "suffix": suffix,
        "parent": parent,
        "admin": email,
        "template_id": live_server.import_template(DEMO, parent),
    }


@pytest.mark.timeout(180)
def test_parent_shares_and_a_subsidiary_sends_in_its_name(
    browser: Browser, live_server: LiveServer, group: dict[str, str]
) -> None:
    base = live_server.base_url
    page = sign_in(browser, base, group["admin"], PASSWORD)
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Organisation", exact=True).click()
    expect(page.get_by_role("heading", name=group["parent"], level=1)).to_be_visible()
    expect(page.get_by_text("No subsidiaries yet")).to_be_visible()

    north = f"Distributor North {group['suffix']}"
    page.get_by_label("Name", exact=True).fill(north)
    page.get_by_label("Legal name (optional)").fill(f"{north} Sdn Bhd")
    page.get_by_role("button", name="Add subsidiary").click()
    expect(page.get_by_role("status")).to_have_text("The subsidiary was created.")
    row = page.get_by_role("row").filter(has_text=north)
    expect(row).to_contain_text(f"{north} Sdn Bhd")

    page.get_by_label("Send as").select_option(label="The sender chooses")
    page.get_by_label("Shared with subsidiaries").check()
    page.get_by_role("button", name="Save sharing").click()
    expect(page.get_by_role("status")).to_have_text("Sharing was saved.")
    shot(page, "organisation")

    page.get_by_role("row").filter(has_text=north).get_by_role("link", name="Users").click()
    sender = f"north-{group['suffix']}@example.com"
    page.get_by_label("Email address").fill(sender)
    page.get_by_label("Role", exact=True).select_option(label="Sender")
    page.get_by_label("First password").fill(PASSWORD)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status")).to_have_text("The user was added.")
    expect(page.get_by_role("cell", name=sender, exact=True)).to_be_visible()
    page.context.close()

    page = sign_in(browser, base, sender, PASSWORD)
    page.goto(f"{base}/designer/envelopes/new?template_id={group['template_id']}")
    names = page.locator("fieldset", has_text="Sent in the name of")
    expect(names).to_contain_text(f"{north} Sdn Bhd")
    expect(names).to_contain_text(f"{group['parent']} Holdings plc")
    # on a phone each choice is a tap target, its name and "(owns the template)" one text
    page.set_viewport_size({"width": 375, "height": 800})
    for choice in names.locator("label").all():
        radio, label = choice.locator("input").bounding_box(), choice.bounding_box()
        assert radio and label and radio["width"] >= 20 and label["height"] >= 44, (radio, label)
    shot(page, "send-as-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Full name").fill("Ola Nordmann")
    page.get_by_label("Email", exact=True).fill("ola@example.com")
    page.get_by_label(f"{group['parent']} Holdings plc").check()
    shot(page, "send")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Ola Nordmann").first).to_be_visible()
    assert "/designer/envelopes/" in page.url and "sent=1" in page.url
    page.context.close()
