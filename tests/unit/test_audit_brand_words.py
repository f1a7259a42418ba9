"""Settings -> Audit trail says what the brand was saved as, not "Changed the brand" alone."""

import pytest

from designer.audit.words import event_words


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            {"colour": "#0b5d3b", "font": "serif", "theme": "acme", "logo": "new"},
            "Changed the brand: colour #0b5d3b, font Serif (Georgia, DejaVu Serif), "
            "theme acme, a new logo",
        ),
        (
            {"colour": "", "font": "", "theme": "", "logo": "removed"},
            "Changed the brand: the theme's colour, the theme's font, the installation's "
            "theme, the logo removed",
        ),
        (
            {"colour": "#7a1f5c", "font": "", "theme": "", "logo": ""},
            "Changed the brand: colour #7a1f5c, the theme's font, the installation's theme",
        ),
        ({}, "Changed the brand"),
    ],
    ids=["everything", "back-to-the-theme", "colour-only", "recorded-before"],
)
def test_a_brand_change_says_what_was_saved(data: dict, words: str) -> None:
    assert event_words("organisation.brand_changed", data) == words
