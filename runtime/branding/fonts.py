"""The fonts a brand may choose: an allow-list, never CSS typed by a person.

Each entry names a stack for screens (fonts most devices have) and one for the PDF, made
of fonts the server has (DejaVu and Noto, see docs/deploy.md, "Fonts for the sealed PDF"),
so the sealed PDF never depends on a font it cannot embed. Each PDF stack ends with one Noto
face per script DejaVu lacks, as the theme's pdf.css does (--fs-sans-scripts,
--fs-serif-scripts): a brand font must not turn a signer's Thai answer into boxes.
"""

from dataclasses import dataclass

#: Noto faces for the scripts DejaVu lacks (fonts-noto-core); emoji come from fontconfig's
#: fallback (fonts-noto-color-emoji), never named: Pango would draw digits with it.
PDF_SANS_SCRIPTS = (
    '"Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thai", "Noto Sans Devanagari"'
)
PDF_SERIF_SCRIPTS = (
    '"Noto Naskh Arabic", "Noto Serif Hebrew", "Noto Serif Thai", "Noto Serif Devanagari"'
)


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
        f'"DejaVu Sans", "Noto Sans CJK SC", {PDF_SANS_SCRIPTS}, sans-serif',
    ),
    "humanist": Font(
        "Humanist sans-serif (Verdana, DejaVu Sans)",
        'Verdana, "DejaVu Sans", "Bitstream Vera Sans", "Noto Sans", sans-serif',
        f'"DejaVu Sans", "Noto Sans CJK SC", {PDF_SANS_SCRIPTS}, sans-serif',
    ),
    "serif": Font(
        "Serif (Georgia, DejaVu Serif)",
        'Georgia, "DejaVu Serif", "Noto Serif", "Times New Roman", serif',
        f'"DejaVu Serif", "Noto Serif CJK SC", {PDF_SERIF_SCRIPTS}, serif',
    ),
    "condensed": Font(
        "Condensed sans-serif (Arial Narrow, DejaVu Sans Condensed)",
        '"Arial Narrow", "DejaVu Sans Condensed", "Roboto Condensed", sans-serif',
        f'"DejaVu Sans Condensed", "Noto Sans CJK SC", {PDF_SANS_SCRIPTS}, sans-serif',
    ),
}


def font(key: str) -> Font | None:
    return FONTS.get(key or "")
