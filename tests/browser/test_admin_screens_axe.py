"""axe-core on every author and admin screen, at a desk (1280 px) and on a phone (375 px);
at a desk the first 30 Tab stops show a focus ring, on a phone nothing scrolls sideways and
each button, menu and text box is a 44 px tap target (../shared/UI.md).
The designer's editor canvas has checks of its own. One sign-in for the module: the
screens are opened one after another in the same page. Its time (about 3 min on the busy
2-core machine, 1-2 s a screen) goes to axe itself; the set-up (a bulk send through the job
worker) takes 20 s and /schema 15 s (a 72,000 px page: axe reads every node).
FORMSEAL_SCREENSHOTS=<folder> keeps axe-<screen>-<width>.png of each."""

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
    unringed_focus,
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
        if width == 1280:
            unringed = unringed_focus(page)
            assert not unringed, f"{screen}: no focus ring on {unringed}"
        else:
            overflow, small = horizontal_overflow(page), small_targets(page)
            assert not overflow, f"{screen} scrolls sideways at 375 px: {overflow}"
            assert not small, f"{screen}: tap targets under 44 px: {small}"
    finally:
        screens.done(page)
