"""The designer's own uploads (a Word contract, a template definition, the brand logo) name
their limits and a chosen file's size in KB of 1,000 and MB of 1,000,000 bytes, as the
*Largest file (MB)* box and signers' limits do. The page's script counted 1,024s: a Word
document of 10,400,000 bytes was "at most 10 MB" and taken (10 MB was 10,485,760 bytes),
though every other size the author reads calls it 10.4 MB (designer.js)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import PASSWORD, Author, author, opened, shot, sign_in  # noqa: F401

pytestmark = pytest.mark.browser


def _file(folder: Path, name: str, size: int) -> str:
    path = folder / name
    with path.open("wb") as out:
        out.truncate(size)
    return str(path)


@pytest.fixture(params=[1280, 375], ids=["1280px", "375px"])
def library(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: LiveServer,
    author: Author,  # noqa: F811
) -> Page:
    page = sign_in(browser, live_server.base_url, author.email, PASSWORD, width=request.param)
    request.addfinalizer(page.context.close)
    return page


def test_a_file_over_a_designer_upload_limit_is_told_in_mb_of_a_million_bytes(
    library: Page, tmp_path: Path
) -> None:
    page = library
    page.locator("#docx-file").set_input_files(_file(tmp_path, "lease.docx", 10_400_000))
    expect(page.locator("#docx-file-size-error")).to_have_text(
        "This file is 10.4 MB: choose a Word document of at most 10 MB."
    )
    page.locator("#json-file").set_input_files(_file(tmp_path, "lease.json", 2_050_000))
    expect(page.locator("#json-file-size-error")).to_have_text(
        "This file is 2.1 MB: choose a template definition of at most 2 MB."
    )
    page.locator("#docx-file").scroll_into_view_if_needed()
    shot(page, f"upload-sizes-{page.viewport_size['width'] if page.viewport_size else 0}")
    # a file of the limit exactly is not refused in the page
    page.locator("#docx-file").set_input_files(_file(tmp_path, "ten.docx", 10_000_000))
    expect(page.locator("#docx-file-size-error")).to_have_count(0)


def test_the_brand_logo_limit_is_1_mb_of_a_million_bytes(library: Page, tmp_path: Path) -> None:
    page = library
    page.goto(page.url.split("/designer/")[0] + "/designer/settings/brand")
    opened(page)
    expect(page.get_by_text("PNG or JPEG, at most 1 MB and", exact=False)).to_be_visible()
    page.locator("#brand-logo").set_input_files(_file(tmp_path, "logo.png", 1_040_000))
    expect(page.locator("#brand-logo-size-error")).to_have_text(
        "This file is 1.1 MB: choose a logo of at most 1 MB."  # rounded up: never "1 MB"
    )


def test_the_logo_box_is_described_by_its_hint_and_its_errors(
    library: Page, tmp_path: Path
) -> None:
    """A screen reader on the logo box heard neither its hint nor the server's refusal
    (no aria-describedby, no aria-invalid), and designer.js replaced whatever it had with
    its size note: now the hint, the refusal and the note are all read, and the note
    leaves again with its file."""
    page = library
    page.goto(page.url.split("/designer/")[0] + "/designer/settings/brand")
    opened(page)
    logo = page.locator("#brand-logo")
    expect(logo).to_have_attribute("aria-describedby", "brand-logo-hint")
    expect(logo).not_to_have_attribute("aria-invalid", "true")
    expect(logo).to_have_accessible_description(re.compile(r"^PNG or JPEG, at most 1 MB"))

    not_a_picture = tmp_path / "logo.png"
    not_a_picture.write_bytes(b"not a picture at all")
    logo.set_input_files(str(not_a_picture))
    page.get_by_role("button", name="Save brand").click()
    error = page.locator("#brand-logo-error")
    expect(error).to_be_visible()
    expect(logo).to_have_attribute("aria-describedby", "brand-logo-hint brand-logo-error")
    expect(logo).to_have_attribute("aria-invalid", "true")
    expect(logo).to_have_accessible_description(re.compile(re.escape(error.inner_text())))

    # a new file: the refusal of the last one goes (test below), the new one's note comes
    logo.set_input_files(_file(tmp_path, "big.png", 1_040_000))
    expect(logo).to_have_attribute("aria-describedby", "brand-logo-hint brand-logo-size-error")
    expect(logo).to_have_attribute("aria-invalid", "true")
    expect(logo).to_have_accessible_description(re.compile("This file is 1.1 MB"))
    logo.scroll_into_view_if_needed()
    shot(page, f"brand-logo-errors-{page.viewport_size['width'] if page.viewport_size else 0}")
    logo.set_input_files(str(not_a_picture))  # small enough: the note goes too
    expect(page.locator("#brand-logo-size-error")).to_have_count(0)
    expect(logo).to_have_attribute("aria-describedby", "brand-logo-hint")
    expect(logo).not_to_have_attribute("aria-invalid", "true")


def test_a_new_file_takes_the_last_ones_refusal_away(library: Page, tmp_path: Path) -> None:
    """After the server refused a logo, choosing another file showed the old refusal beside
    the new file's size note ("The logo could not be read…" over "This file is 1.1 MB…"),
    as if both were about the new file. The refusal goes with the file it was about: beside
    the box, in the error summary, and the box's red edge (designer.js, forgetRefusal)."""
    page = library
    page.goto(page.url.split("/designer/")[0] + "/designer/settings/brand")
    opened(page)
    logo = page.locator("#brand-logo")
    not_a_picture = tmp_path / "logo.png"
    not_a_picture.write_bytes(b"not a picture at all")
    logo.set_input_files(str(not_a_picture))
    page.get_by_role("button", name="Save brand").click()
    expect(page.locator("#brand-logo-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Brand"))

    logo.set_input_files(_file(tmp_path, "big.png", 1_040_000))
    expect(page.locator("#brand-logo-size-error")).to_have_text(
        "This file is 1.1 MB: choose a logo of at most 1 MB."
    )
    expect(page.locator("#brand-logo-error")).to_have_count(0)
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator(".form-group--error")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Brand"))
    width = page.viewport_size["width"] if page.viewport_size else 0
    logo.scroll_into_view_if_needed()
    shot(page, f"brand-logo-new-file-{width}")
