"""Administrators' screens on a 375 px phone. Retention periods: the days box was
squeezed to about 36 px by the table, so '365' read '36'. Audit trail: its four columns
ran off the card. Company stamps: who may apply one and Deactivate were off the card.
Templates: Edit was cut in half."""

import io
import re
import uuid

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.timeout(120)
def test_the_days_box_shows_a_whole_period_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    email, password = live_server.demo_author(f"Retention {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/archive/retention")
    days = page.get_by_label("Service agreement")
    days.fill("36500")  # the longest period accepted
    fits = days.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert fits, days.evaluate("e => [e.scrollWidth, e.clientWidth]")
    table = page.locator(".retention-table")
    box, viewport = table.bounding_box(), page.viewport_size
    assert box and viewport and box["x"] + box["width"] <= viewport["width"], box
    past = page.get_by_role("columnheader", name="Past the period").bounding_box()
    assert past and past["x"] + past["width"] <= viewport["width"], past
    screenshot(page, "retention-375", area="archive")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_audit_trail_stacks_each_event_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """Its four columns overflowed the card: who did it and from where were off screen."""
    email, password = live_server.demo_author(f"Audit phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/settings/audit")
    who = page.locator("td[data-label='Who']").first
    box, viewport = who.bounding_box(), page.viewport_size
    assert box and viewport and box["x"] + box["width"] <= viewport["width"], box
    assert email in who.inner_text()  # the demo author's own sign-in, newest first
    screenshot(page, "audit-375", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_an_api_key_can_be_revoked_at_375_px(browser: Browser, live_server: LiveServer) -> None:
    """'Revoke' sat in a sixth column, scrolled off the card."""
    email, password = live_server.demo_author(f"Keys phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/settings/api-keys")
    page.get_by_label("Name").fill("CRM")
    page.get_by_role("button", name="Create key").click()
    revoke = page.locator("details.revoke-key summary").first
    box, viewport = revoke.bounding_box(), page.viewport_size
    assert box and viewport and box["x"] + box["width"] <= viewport["width"], box
    screenshot(page, "api-keys-375", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_template_sharing_fits_375_px(browser: Browser, live_server: LiveServer) -> None:
    """The sharing table's second column ran off the card: 'Shared with subsidiarie…' and
    a 'Send as' list cut in half."""
    email, password = live_server.demo_author(f"Org phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/organisation")
    send_as = page.get_by_label("Send as").first
    box, viewport = send_as.bounding_box(), page.viewport_size
    assert box and viewport and box["x"] + box["width"] <= viewport["width"], box
    screenshot(page, "organisation-375", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_archive_results_are_cards_at_375_px(browser: Browser, live_server: LiveServer) -> None:
    """The results table scrolled sideways: status, dates and 'Edit tags' were off the card."""
    email, password = live_server.demo_author(f"Archive phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/archive")
    viewport = page.viewport_size
    assert viewport
    for cell in ("Status", "Sent (UTC)", "Tags"):
        box = page.locator(f".archive-results td[data-label='{cell}']").first.bounding_box()
        assert box and box["x"] + box["width"] <= viewport["width"], (cell, box)
    table = page.locator(".archive-results")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    screenshot(page, "archive-375", area="archive")
    page.context.close()


@pytest.mark.timeout(120)
def test_last_sign_in_stays_on_one_line_at_1280_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """With a long email in the list, 'Last sign-in' broke at its hyphen: '2026-11-' over
    '29 09:08'."""
    organisation = f"Users wide {uuid.uuid4().hex[:6]}"
    email, password = live_server.demo_author(organisation)
    long_email = f"alexandra.konstantinopoulou-{uuid.uuid4().hex[:6]}@legal-department.example.com"
    live_server.create_user(long_email, organisation, "correct horse battery staple")
    page = sign_in(browser, live_server.base_url, email, password, width=1280)
    page.goto(f"{live_server.base_url}/designer/users")
    when = page.locator("td[data-label='Last sign-in (UTC)']", has_text="20").first
    lines = when.evaluate(
        "td => { const r = document.createRange(); r.selectNodeContents(td);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size }"
    )
    assert lines == 1, when.inner_text()
    screenshot(page, "users-1280", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_envelope_list_is_cards_at_375_px(browser: Browser, live_server: LiveServer) -> None:
    """The list scrolled sideways (status, sender and dates off the card) and each filter's
    label sat at the end of the line before its box."""
    email, password = live_server.demo_author(f"Envelopes phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/envelopes")
    viewport = page.viewport_size
    assert viewport
    for cell in ("Status", "Sender", "Sent (UTC)"):
        box = page.locator(f".envelope-list td[data-label='{cell}']").first.bounding_box()
        assert box and box["x"] + box["width"] <= viewport["width"], (cell, box)
    table = page.locator(".envelope-list")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the list scrolls sideways"
    label = page.locator("label[for='filter-template']").bounding_box()
    select = page.locator("#filter-template").bounding_box()
    assert label and select and label["y"] + label["height"] <= select["y"] + 1  # above its box
    screenshot(page, "envelopes-375", area="envelopes")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_group_envelopes_are_cards_at_375_px(browser: Browser, live_server: LiveServer) -> None:
    """Organisation → envelopes scrolled sideways: 'Sent' and 'Sealed PDF' were off the card."""
    email, password = live_server.demo_author(f"Group phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/organisation/envelopes")
    viewport = page.viewport_size
    assert viewport
    for cell in ("Sent (UTC)", "Sealed PDF"):
        box = page.locator(f".group-envelopes td[data-label='{cell}']").first.bounding_box()
        assert box and box["x"] + box["width"] <= viewport["width"], (cell, box)
    screenshot(page, "group-envelopes-375", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_an_envelope_s_people_fit_375_px(browser: Browser, live_server: LiveServer) -> None:
    """The People table scrolled sideways: each person's status and 'Resend link' were off
    the card."""
    email, password = live_server.demo_author(f"People phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/envelopes")
    page.locator(".envelope-list a").first.click()
    viewport = page.viewport_size
    assert viewport
    status = page.locator(".envelope-people-table td[data-label='Status']").first.bounding_box()
    assert status and status["x"] + status["width"] <= viewport["width"], status
    resend = page.get_by_role("button", name="Resend link to").first.bounding_box()
    assert resend and resend["x"] + resend["width"] <= viewport["width"], resend
    table = page.locator(".envelope-people-table")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    screenshot(page, "envelope-people-375", area="envelopes")
    page.context.close()


@pytest.mark.timeout(120)
def test_an_envelopes_status_is_one_pill_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """'In progress' beside the title broke in two lines inside its pill."""
    organisation = f"Status phone {uuid.uuid4().hex[:6]}"
    email, password = live_server.demo_author(organisation)

    async def opened(settings: object) -> None:  # its signer has opened the link
        from runtime.tables import Envelope, Organisation

        org = (
            await Organisation.select(Organisation.id)
            .where(Organisation.name == organisation)
            .first()
        )
        await Envelope.update({Envelope.status: "in_progress"}).where(
            Envelope.organisation == org["id"]
        )

    live_server.run(opened)
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/envelopes")
    page.locator(".envelope-list a").first.click()
    pill = page.locator(".page-head > .status")
    expect(pill).to_have_text("In progress")
    box = pill.bounding_box()
    assert box and box["height"] < 32, box  # one line (two were about 44 px)
    screenshot(page, "envelope-375", area="archive")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_audit_trails_time_stays_on_its_line_at_1280_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """'2026-11-29 12:51' broke after the day, its time on a second line of every row."""
    organisation = f"Audit wide {uuid.uuid4().hex[:6]}"
    email, password = live_server.demo_author(organisation)
    page = sign_in(browser, live_server.base_url, email, password, width=1280)
    page.goto(f"{live_server.base_url}/designer/users")  # a long line in the trail
    page.get_by_label("Email address").fill(f"a.very.long.name.{uuid.uuid4().hex}@example.com")
    page.get_by_role("button", name="Add user").click()
    page.goto(f"{live_server.base_url}/designer/settings/audit")
    when = page.locator(".audit-events td.when").first
    expect(when).to_have_text(re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d$"))
    lines = when.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert lines == 1, lines
    page.context.close()


@pytest.mark.timeout(120)
def test_settings_points_at_the_account_link_as_a_phone_shows_it(
    browser: Browser, live_server: LiveServer
) -> None:
    """Settings said 'your name at the top right'; at 375 px the header shows only the
    organisation's name beside Sign out."""
    email, password = live_server.demo_author(f"Account phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/settings")
    hint = page.locator(".page-head .hint").first.inner_text()
    expect(page.locator(".designer-header__who")).to_be_visible()
    name_shown = page.locator(".designer-header__name").is_visible()
    assert name_shown or "your name at the top right" not in hint, hint
    assert "beside Sign out, at the top right" in hint
    page.context.close()


@pytest.mark.timeout(120)
def test_a_stamp_s_permissions_fit_375_px(browser: Browser, live_server: LiveServer) -> None:
    """Company stamps: 'Applied by' (auto-sign, who may apply it, 'Save who may apply it')
    and 'Deactivate' were in the third and fourth columns, scrolled off the card."""
    email, password = live_server.demo_author(f"Stamps phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/settings/stamps")
    image = io.BytesIO()
    Image.new("RGBA", (60, 60), (190, 20, 30, 255)).save(image, format="PNG")
    page.get_by_label("Name").fill("Company seal")
    page.set_input_files(
        "#stamp-image",
        files=[{"name": "seal.png", "mimeType": "image/png", "buffer": image.getvalue()}],
    )
    page.get_by_role("button", name="Upload stamp").click()
    expect(page.get_by_text("The stamp was uploaded.")).to_be_visible()
    viewport = page.viewport_size
    assert viewport
    for control in (
        page.get_by_role("button", name="Save who may apply it"),
        page.get_by_role("button", name="Deactivate"),
        page.locator(".stamps-table input[name='auto_sign']"),
    ):
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    table = page.locator(".stamps-table")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the table scrolls sideways"
    screenshot(page, "stamps-375", area="settings")
    page.context.close()


@pytest.mark.timeout(120)
def test_the_templates_list_stacks_each_template_at_375_px(
    browser: Browser, live_server: LiveServer
) -> None:
    """Its four columns ran off the card: Edit was cut in half, Versions and Archive hidden."""
    email, password = live_server.demo_author(f"Library phone {uuid.uuid4().hex[:6]}")
    page = sign_in(browser, live_server.base_url, email, password, width=375)
    page.goto(f"{live_server.base_url}/designer/")
    viewport = page.viewport_size
    assert viewport
    for name in ("Edit", "Versions", "Archive"):
        actions = page.locator(".library-table__actions").first
        action = actions.locator("a, button", has_text=re.compile(f"^{name}")).first
        box = action.bounding_box()
        assert box and box["x"] + box["width"] <= viewport["width"], (name, box)
    status = page.locator("td[data-label='Status']").first
    assert "v1" in status.inner_text()
    screenshot(page, "library-375", area="library")
    page.context.close()
