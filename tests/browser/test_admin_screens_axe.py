"""axe-core on every author and admin screen, at a desk (1280 px) and on a phone (375 px),
and no sideways scroll on the phone (../shared/UI.md: contrast, names, landmarks, 375 px).
The designer's editor canvas has checks of its own. One sign-in for the module: the
screens are opened one after another in the same page."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.browser.admin_screens_helpers import (
    ACTED,
    SCREENS,
    AdminScreens,
    admin_screens,
    horizontal_overflow,
    small_targets,
)
from tests.browser.conftest import LiveServer
from tests.browser.designer_pages import screenshot
from tests.browser.signer_helpers import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def screens(
    browser: Browser, live_server: LiveServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AdminScreens]:
    made = admin_screens(browser, live_server, tmp_path_factory.mktemp("axe"))
    yield made
    made.page.context.close()


@pytest.mark.timeout(180)
@pytest.mark.parametrize("width", [1280, 375], ids=["desk", "phone"])
@pytest.mark.parametrize("screen", [*SCREENS, *ACTED])
def test_the_screen_passes_axe(screens: AdminScreens, screen: str, width: int) -> None:
    page = screens.visit(screen, width)
    try:
        screenshot(page, f"{screen}-{width}", area="axe")
        found = axe_violations(page)
        assert not found, f"{screen} at {width} px ({page.url}): {found}"
        if width == 375:
            assert not horizontal_overflow(page), horizontal_overflow(page)
            assert not small_targets(page), small_targets(page)
    finally:
        screens.done(page)
