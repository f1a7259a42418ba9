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

import base64
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


LIGHT = 0.475
"""Relative luminance above which a colour reads at less than 2:1 on white paper."""


@functools.lru_cache(maxsize=8)
def light_on_white(data_uri: str) -> bool:
    """True when `data_uri` is a PNG with transparency whose visible pixels are mostly light
    (a white wordmark made to stand on the header's colour): on the PDF's white page it
    would not show. A picture without transparency brings its own background."""
    from PIL import Image

    if not data_uri.startswith(PNG_URI):
        return False
    try:
        with Image.open(io.BytesIO(base64.b64decode(data_uri[len(PNG_URI) :]))) as image:
            if image.mode not in ("RGBA", "LA", "P", "PA") and "transparency" not in image.info:
                return False
            rgba = image.convert("RGBA")
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged pictures
        return False
    *_, alpha = rgba.split()
    if alpha.histogram()[0] == 0:
        return False
    shown = alpha.point(lambda value: 255 if value >= 128 else 0)
    # luminance of each pixel in 0-255 (Rec. 709 weights on the encoded values: near
    # enough to tell light from dark), counted only where the picture is seen
    light = rgba.convert("RGB").convert("L", (0.2126, 0.7152, 0.0722, 0))
    light = light.point(lambda value: 255 if value / 255 > LIGHT ** (1 / 2.2) else 0)
    seen = shown.histogram()[255]
    seen_light = Image.composite(light, Image.new("L", light.size, 0), shown).histogram()[255]
    return seen > 0 and seen_light * 2 > seen
