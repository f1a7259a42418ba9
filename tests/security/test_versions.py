"""Pinned versions stay above the fixes of known advisories in this stack."""

import re
from importlib.metadata import version

import pytest

MINIMUM = {
    "weasyprint": (68, 0),  # CVE-2025-68616: redirects bypassed a custom url_fetcher
    "python-jose": (3, 4, 0),  # CVE-2024-33663 algorithm confusion, CVE-2024-33664 JWE bomb
    "litestar": (2, 20),  # static-file traversal, allowed-hosts/CORS regex dots, CSRF token HTML
    "jinja2": (3, 1, 6),  # sandbox escapes fixed in 3.1.5 / 3.1.6
    "pypdf": (6, 0),  # decompression-bomb limits on by default
}


def _tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_installed_version_is_above_the_fix(package: str) -> None:
    installed = _tuple(version(package))
    assert installed >= MINIMUM[package], f"{package} {version(package)} is below the fix"
