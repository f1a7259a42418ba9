"""Clean edges for a transparent picture in the PDF (the brand logo).

A PNG's fully transparent pixels still hold a colour, usually black (0, 0, 0, 0). A browser
blends with premultiplied alpha and never shows it, but a PDF viewer smooths the picture's
colour and its transparency (soft mask) separately when it scales it: at the edge of a light
part the hidden black bleeds in, and a white word of a logo is drawn with a grey outline.
Here each fully transparent pixel takes the colour of the opaque pixels near it, so the
smoothing has nothing dark to mix in; what is seen does not change.

Layout only: the stored logo is left as it was uploaded.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING

from runtime.images import rewrite_data_uri

if TYPE_CHECKING:
    from PIL.Image import Image

PNG_URI = "data:image/png;base64,"
REACH = 3
"""How far (pixels) the colour of the opaque pixels spreads into the transparent ones: a
viewer's smoothing reads one or two pixels beyond an edge."""


@functools.lru_cache(maxsize=8)
def clean_edges(data_uri: str) -> str:
    """`data_uri` (an inline PNG) with its transparent pixels coloured like their opaque
    neighbours; unchanged when it is not a readable PNG or has no transparent pixel."""
    return rewrite_data_uri(data_uri, (PNG_URI,), clean_edges_png)


def clean_edges_png(data: bytes) -> bytes | None:
    """The PNG with its fully transparent pixels given their neighbours' colour; None when
    it has none."""
    from PIL import Image, ImageChops, ImageFilter

    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGBA", "LA", "P", "PA") and "transparency" not in image.info:
            return None
        rgba = image.convert("RGBA")
    *colours, alpha = rgba.split()
    if alpha.histogram()[0] == 0:  # no fully transparent pixel
        return None
    spread = ImageFilter.BoxBlur(REACH)
    weight = alpha.filter(spread)
    spread_colours = [
        _divided(ImageChops.multiply(colour, alpha).filter(spread), weight) for colour in colours
    ]
    clear = alpha.point(lambda value: 255 if value == 0 else 0)
    rgba = Image.composite(Image.merge("RGBA", [*spread_colours, alpha]), rgba, clear)
    out = io.BytesIO()
    rgba.save(out, "PNG", optimize=True)
    return out.getvalue()


def _divided(premultiplied: Image, weight: Image) -> Image:
    """The average colour under the blur: premultiplied colour over the weight of alpha."""
    from PIL import ImageMath

    return ImageMath.lambda_eval(
        lambda a: a["convert"](a["min"](a["p"] * 255.0 / a["max"](a["w"], 1.0), 255.0), "L"),
        p=premultiplied.convert("F"),
        w=weight.convert("F"),
    )
