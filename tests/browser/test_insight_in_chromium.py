"""An author in a real browser: the insight dashboard over generated envelopes, a filter
changed, the figures, charts and tables following it; then tags on an envelope's page,
added and removed with htmx, a bad one refused beside the box.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot of every screen.
"""

import json
import re
import subprocess
import sys
import uuid
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a long browser passphrase"
ROOT = Path(__file__).resolve().parents[2]
COUNT = 90


shot = partial(screenshot, area="insight")


def _author_with_archive(live_server: LiveServer) -> tuple[str, dict[str, dict[str, int]]]:
    """Generated envelopes in a new organisation, and a designer user in it."""
    organisation = f"Insight org {uuid.uuid4().hex[:6]}"
    seeded = subprocess.run(
        [sys.executable, "-m", "tests.browser.archive_seed", str(live_server.var_dir)]
        + [organisation, str(COUNT)],
        cwd=ROOT,
        env={**live_server.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    email = f"author-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, organisation, PASSWORD)
    return email, json.loads(seeded.stdout.strip().splitlines()[-1])


def _card(page: Page, name: str) -> str:
    card = page.locator(".insight-card", has=page.locator("dt", has_text=name))
    return card.locator("dd").inner_text().strip()


@pytest.mark.timeout(180)
def test_the_dashboard_follows_its_filters(browser: Browser, live_server: LiveServer) -> None:
    email, seeded = _author_with_archive(live_server)
    total = sum(sum(c.values()) for c in seeded.values())
    completed = sum(c.get("completed", 0) for c in seeded.values())
    page = sign_in(browser, live_server.base_url, email, PASSWORD)

    page.get_by_role("link", name="Insight", exact=True).click()
    expect(page.get_by_role("heading", name="Insight", level=1)).to_be_visible()
    assert _card(page, "Sent") == str(total) == str(COUNT)
    assert _card(page, "Completed") == str(completed)
    assert _card(page, "Completion rate") == f"{round(100 * completed / total)} %"
    assert re.search(r"\d", _card(page, "Median time to complete"))
    outcomes = page.get_by_role("img", name="Outcomes of the envelopes sent")
    expect(outcomes).to_be_visible()  # an SVG with a name a screen reader reads out
    page.locator("#outcomes-heading").locator("..").get_by_text("The numbers as a table").click()
    completed_row = page.get_by_role("row", name=re.compile(r"^Completed "))
    expect(completed_row).to_contain_text(str(completed))
    shot(page, "all")

    # Narrow to one template: the cards, the outcome table and the funnel follow.
    name, counts = sorted(seeded.items())[0]
    page.get_by_label("Template").select_option(label=name)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"template_id=[0-9a-f-]{36}"))
    expect(page.locator(".insight-scope")).to_contain_text(f"template {name}.")
    assert _card(page, "Sent") == str(sum(counts.values()))
    assert _card(page, "Completed") == str(counts.get("completed", 0))
    page.locator("#outcomes-heading").locator("..").get_by_text("The numbers as a table").click()
    expect(page.get_by_role("row", name=re.compile(r"^Declined "))).to_contain_text(
        str(counts.get("declined", 0))
    )
    # One template: its funnel per role, with the wizard's steps by name.
    funnel = page.get_by_role("img", name=re.compile(r"^Signers reaching each point: Customer"))
    expect(funnel).to_contain_text("Finished step 1 — Your details")
    expect(funnel).to_contain_text(f"Invited {sum(counts.values())} (100 %)")
    shot(page, "one-template")

    # A period with nothing in it says so instead of drawing empty charts.
    page.get_by_label("Sent from").fill("2020-01-01")
    page.get_by_label("to", exact=True).fill("2020-01-31")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("heading", name="No envelopes were sent in this period")
    ).to_be_visible()
    assert page.locator("svg").count() == 0
    page.context.close()


@pytest.mark.timeout(120)
def test_tags_on_the_envelope_page_with_htmx(browser: Browser, live_server: LiveServer) -> None:
    email, _ = _author_with_archive(live_server)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    page.get_by_role("link", name="Archive", exact=True).click()
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Search").click()
    page.locator(".archive-results a[href^='/designer/envelopes/']").first.click()
    tags = page.locator("#tags")
    expect(tags.get_by_role("heading", name="Tags")).to_be_visible()
    before = tags.locator(".tag__name").all_inner_texts()

    page.get_by_label("Add a tag").fill("Renewal 2027")
    page.get_by_role("button", name="Add tag").click()
    expect(tags.get_by_text("renewal 2027", exact=True)).to_be_visible()
    expect(page.get_by_label("Add a tag")).to_have_value("")
    assert "?done" not in page.url  # htmx swapped the panel, no page load

    page.get_by_label("Add a tag").fill("=HYPERLINK(x)")
    page.get_by_role("button", name="Add tag").click()
    error = page.locator("#new-tag-error")
    expect(error).to_contain_text("is not valid")
    expect(page.get_by_label("Add a tag")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Add a tag")).to_have_value("=HYPERLINK(x)")
    shot(page, "envelope-tag-error")

    page.get_by_role("button", name="Remove the tag renewal 2027").click()
    expect(tags.get_by_text("renewal 2027", exact=True)).to_have_count(0)
    assert tags.locator(".tag__name").all_inner_texts() == before
    shot(page, "envelope-tags")
    page.context.close()
