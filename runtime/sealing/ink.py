"""Ink only: a signature or stamp picture drawn over the signature line without hiding it.

Drawing pads used to save a signature on an opaque white canvas, an uploaded photo of a
signature has its paper around it, and a company stamp scanned as a JPEG is an opaque
square: laid over the signature line (a stamp overlaps it on purpose, as an inked stamp
would), their white covered the line and the words beneath. Every such picture gets an
alpha channel from its darkness, as ink on paper would print (close to a "multiply"
blend, which WeasyPrint does not draw): paper becomes transparent, ink stays, its colour
unmixed from the paper so that a pale stamp looks on white as it was uploaded. What is
already transparent stays so, and dark ink keeps its own soft edges, so a drawing from the
current signature pad comes out as it went in; a drawing restored from an old draft and
signed over (white canvas under part of it) loses its white too.

Layout only: the document blocks, and so the document hash, keep the stored picture.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from runtime.images import rewrite_data_uri

PAPER = 235
"""Pixels at least this light in every channel are paper: fully transparent (scanner noise
and off-white paper included)."""
INK = 60
"""Pixels with a channel at most this light are full ink: opaque (black, blue or red ink)."""

if TYPE_CHECKING:
    from PIL.Image import Image

_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")


def _alpha(value: int) -> int:
    """Opacity from the darkest channel of a pixel: 0 for paper, 255 for ink, a ramp
    between (the soft edges of a stroke)."""
    if value >= PAPER:
        return 0
    if value <= INK:
        return 255
    return round((PAPER - value) * 255 / (PAPER - INK))


_RAMP = [_alpha(v) for v in range(256)]


@functools.lru_cache(maxsize=16)  # one document's pictures; each may be ~700 KB
def ink_only(data_uri: str) -> str:
    """`data_uri` (an inline PNG or JPEG) with its paper made transparent, as a PNG data
    URI; unchanged when it cannot be read (the renderer then shows it, or not, as before)."""
    return rewrite_data_uri(data_uri, _PREFIXES, ink_png)


def ink_png(data: bytes) -> bytes:
    """The picture as a PNG whose opacity is at most its darkness allows, its colours
    unmixed from the paper: on white it looks as it did (a pale red stamp stays that red,
    not paler), over the signature line the line shows through, as under real ink."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(data)) as image:
        rgba = image.convert("RGBA")
    red, green, blue, alpha = rgba.split()
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    opacity = ImageChops.darker(alpha, darkest.point(_RAMP))
    if opacity.tobytes() != alpha.tobytes():
        rgba = Image.merge("RGBA", [*_unmixed((red, green, blue), alpha, opacity), opacity])
    else:  # nothing made more transparent (a drawing from the signature pad): as it was
        rgba.putalpha(opacity)
    out = io.BytesIO()
    rgba.save(out, "PNG", optimize=True)
    return out.getvalue()


def _unmixed(channels: tuple[Image, ...], alpha: Image, opacity: Image) -> list[Image]:
    """Each colour channel as the ink that, laid at `opacity` on white paper, looks as the
    pixel did at `alpha`: ink = 255 - (255 - colour) * alpha / opacity, kept to 0-255.
    Where the opacity stayed the alpha the colour is unchanged; where paper was taken out
    of a pale pixel, what remains is the ink's own, stronger colour."""
    from PIL import ImageMath

    return [
        ImageMath.lambda_eval(
            lambda a: a["convert"](
                a["max"](
                    a["min"](
                        255.0 - (255.0 - a["c"]) * a["alpha"] / a["max"](a["opacity"], 1.0), 255.0
                    ),
                    0.0,
                ),
                "L",
            ),
            c=channel.convert("F"),
            alpha=alpha.convert("F"),
            opacity=opacity.convert("F"),
        )
        for channel in channels
    ]
