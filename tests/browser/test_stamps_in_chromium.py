"""An administrator in a real browser: uploads the company stamp, then meets a stamp that
cannot be applied (its stored image was damaged) on Settings → Problems (where the old
Failed seals address leads), repairs it and presses Try again now; the organisation's
auto-sign applies the stamp and the envelope seals.

Set FORMSEAL_SCREENSHOTS=<folder> to keep a screenshot of both screens.
"""

import time
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot, sign_in
from tests.integration.stamps.helpers import stamp_definition, stamp_png

pytestmark = pytest.mark.browser
PASSWORD = "a long browser passphrase"


shot = partial(screenshot, area="stamps")


@pytest.fixture
def admin_page(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, str]]:
    organisation = f"Stamp org {uuid.uuid4().hex[:6]}"
    email = f"admin-{uuid.uuid4().hex[:6]}@example.com"
    live_server.create_user(email, organisation, PASSWORD)
    page = sign_in(browser, live_server.base_url, email, PASSWORD)
    yield page, organisation
    page.context.close()


def _sign_as_customer(base: str, link: str) -> None:
    """The demo wizard over plain HTTP, as a browser without JavaScript would post it."""
    with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as http:
        path = "/" + link.split("/", 3)[3]
        http.get(path)
        http.post(f"{path}/consent", data={"consent": "yes"})
        http.post(
            f"{path}/step/1",
            data={
                "full_name": "Alex Example",
                "email": "alex@example.com",
                "start_date": "2027-03-01",
            },
        )
        http.post(f"{path}/step/2", data={"accept_terms": "yes", "signature__typed": "Alex"})
        assert http.post(f"{path}/finish").status_code == 200


@pytest.mark.timeout(180)
def test_admin_uploads_a_stamp_and_retries_a_stuck_one(
    admin_page: tuple[Page, str], live_server: LiveServer, tmp_path: Path
) -> None:
    page, organisation = admin_page
    base = live_server.base_url
    page.goto(f"{base}/designer/settings/stamps")
    expect(page.get_by_role("heading", name="No stamps yet")).to_be_visible()
    image = tmp_path / "company-seal.png"
    image.write_bytes(stamp_png())
    page.get_by_label("Name").fill("Company seal")
    page.get_by_label("Image").set_input_files(str(image))
    page.get_by_role("button", name="Upload stamp").click()
    expect(page.get_by_role("status")).to_have_text("The stamp was uploaded.")
    thumb = page.locator("img.stamp-thumb")
    expect(thumb).to_have_attribute("alt", "Company seal")
    assert thumb.evaluate("img => img.complete && img.naturalWidth") == 240
    svg = tmp_path / "hostile.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    page.get_by_label("Name").fill("Vector seal")
    page.get_by_label("Image").set_input_files(str(svg))
    page.get_by_role("button", name="Upload stamp").click()
    expect(page.locator(".error-summary")).to_contain_text("SVG images are not accepted")
    page.goto(f"{base}/designer/settings/stamps")
    shot(page, "settings")

    # Damage the stored image, then send an envelope whose organisation role stamps it.
    files = sorted((live_server.var_dir / "files").rglob("*"), key=lambda p: p.stat().st_mtime)
    stored = [p for p in files if p.is_file()][-1]
    good = stored.read_bytes()
    assert good.startswith(b"\x89PNG")
    stored.write_bytes(good[:64])
    key = live_server.create_api_key(organisation)
    auth = {"Authorization": f"Bearer {key}"}
    template = httpx.post(f"{base}/api/v1/templates", json=stamp_definition(), headers=auth).json()
    envelope = httpx.post(
        f"{base}/api/v1/envelopes",
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": "customer", "name": "Alex Example", "email": "alex@example.com"}
            ],
        },
        headers=auth,
    ).json()
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    _sign_as_customer(base, customer["signing_url"])

    row = page.locator("li.problem", has_text=envelope["id"])
    for _ in range(60):  # the in-server worker tries the stamp within a second or two
        page.goto(f"{base}/designer/admin/seals")  # the old address leads to Problems
        if row.count():
            break
        time.sleep(0.5)
    expect(row).to_contain_text("Company stamp (auto-sign)")
    expect(row).to_contain_text("Failed — will try again")
    expect(row).to_contain_text("The company stamp is taking longer than usual")
    expect(row).to_contain_text("does not match")
    shot(page, "failed-seals")
    page.goto(f"{base}/designer/envelopes/{envelope['id']}")
    expect(page.get_by_role("heading", name="Waiting for the company stamp")).to_be_visible()
    expect(page.get_by_role("button", name="Apply company stamp")).to_be_visible()
    shot(page, "envelope-waiting")
    page.goto(f"{base}/designer/settings/problems?show=seals")

    stored.write_bytes(good)  # the administrator restores the file store
    row.get_by_role("button", name="Try again now").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Company stamp (auto-sign) for “Service agreement with company stamp”: the company stamp"
        " will be applied again"
    )
    status = ""
    for _ in range(60):
        status = httpx.get(f"{base}/api/v1/envelopes/{envelope['id']}", headers=auth).json()[
            "status"
        ]
        if status == "completed":
            break
        time.sleep(0.5)
    assert status == "completed"
    page.goto(f"{base}/designer/settings/problems?show=seals")
    expect(page.get_by_role("heading", name="Nothing is stuck")).to_be_visible()
    settings = page.get_by_role("navigation", name="Settings")  # one click back to the stamps
    expect(settings.get_by_role("link", name="Stamps", exact=True)).to_be_visible()
