"""The fonts a brand may choose: an allow-list, never CSS typed by a person.

Each entry names a stack for screens (fonts most devices have) and one for the PDF, made
of fonts the server has (DejaVu and Noto, see docs/install.md), so the sealed PDF never
depends on a font it cannot embed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Font:
    label: str
    screen: str
    pdf: str


FONTS: dict[str, Font] = {
    "system": Font(
        "System sans-serif (the device's own)",
        'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, '
        "sans-serif",
        '"DejaVu Sans", "Noto Sans CJK SC", sans-serif',
    ),
    "humanist": Font(
        "Humanist sans-serif (Verdana, DejaVu Sans)",
        'Verdana, "DejaVu Sans", "Bitstream Vera Sans", "Noto Sans", sans-serif',
        '"DejaVu Sans", "Noto Sans CJK SC", sans-serif',
    ),
    "serif": Font(
        "Serif (Georgia, DejaVu Serif)",
        'Georgia, "DejaVu Serif", "Noto Serif", "Times New Roman", serif',
        '"DejaVu Serif", "Noto Serif CJK SC", serif',
    ),
    "condensed": Font(
        "Condensed sans-serif (Arial Narrow, DejaVu Sans Condensed)",
        '"Arial Narrow", "DejaVu Sans Condensed", "Roboto Condensed", sans-serif',
        '"DejaVu Sans Condensed", "Noto Sans CJK SC", sans-serif',
    ),
}


def font(key: str) -> Font | None:
    return FONTS.get(key or "")
