"""Colour arithmetic for brands: WCAG 2 contrast, readable text on a colour, a darker shade."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE, INK = "#ffffff", "#1b1f24"
PAGE_BACKGROUND = "#f4f5f7"
"""The signer and designer pages' background (--fs-background in themes/default): links sit
on it, and it is a little darker than white, so a colour can pass on white and fail there."""
AA_NORMAL_TEXT = 4.5
"""WCAG 2.x level AA for body text (1.4.3)."""


def valid_colour(value: str) -> bool:
    return bool(HEX_COLOUR.match(value or ""))


def _rgb(colour: str) -> tuple[int, int, int]:
    if not valid_colour(colour):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance (sRGB)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def text_on(colour: str) -> str:
    """White or ink, whichever reads better on ``colour``."""
    return WHITE if contrast_ratio(colour, WHITE) >= contrast_ratio(colour, INK) else INK


def darker(colour: str, amount: float = 0.2) -> str:
    """The same hue, ``amount`` darker (hover states, button shadows)."""
    r, g, b = (round(v * (1 - amount)) for v in _rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def link_contrast(colour: str) -> float:
    """``colour`` as link text: on the page background (white boxes on it read better)."""
    return min(contrast_ratio(colour, WHITE), contrast_ratio(colour, PAGE_BACKGROUND))


def contrast_problems(colour: str) -> list[str]:
    """Why ``colour`` fails WCAG AA as a brand colour; empty when it passes.

    It is used both as a background under text (buttons, the page header) and as link text
    on the page's light grey background, so both must reach 4.5:1.
    """
    problems = []
    on = text_on(colour)
    as_background = contrast_ratio(colour, on)
    if as_background < AA_NORMAL_TEXT:
        problems.append(
            f"Text on this colour reaches only {as_background:.1f}:1 contrast; "
            f"WCAG AA needs {AA_NORMAL_TEXT}:1. Choose a darker or a lighter colour."
        )
    as_link = link_contrast(colour)
    if as_link < AA_NORMAL_TEXT:
        problems.append(
            f"As link text on the page this colour reaches only {as_link:.1f}:1; "
            f"WCAG AA needs {AA_NORMAL_TEXT}:1. Choose a darker colour."
        )
    return problems
