"""Small pictures of a signer's uploaded files (an image, or a PDF's first page), shown
beside them on the step; made once and kept beside the file."""

import asyncio
import functools
import io
import shutil
import subprocess
import uuid
from typing import Any

from runtime.images import too_many_pixels
from runtime.settings import Settings

THUMB_SIZE = 240
PDFTOPPM_SECONDS = 10


def _image_thumbnail(data: bytes) -> bytes | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((THUMB_SIZE, THUMB_SIZE))
            canvas = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            canvas.paste(rgba, mask=rgba.split()[-1])
            out = io.BytesIO()
            canvas.save(out, "PNG", optimize=True)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


@functools.cache
def placeholder_thumbnail() -> bytes:
    """A plain sheet of paper, for a file with no picture of its own (a PDF poppler cannot
    read, or no poppler): without JavaScript the page showed a broken image there."""
    from PIL import Image, ImageDraw

    canvas = Image.new("RGB", (THUMB_SIZE, THUMB_SIZE), "#eef0f2")
    draw = ImageDraw.Draw(canvas)
    left, top, right, bottom = (
        THUMB_SIZE // 4,
        THUMB_SIZE // 8,
        THUMB_SIZE * 3 // 4,
        THUMB_SIZE * 7 // 8,
    )
    draw.rectangle((left, top, right, bottom), fill="white", outline="#6b7280", width=5)
    step = max((bottom - top) // 8, 2)
    for y in range(top + 2 * step, bottom - step, step):
        draw.line((left + step, y, right - step, y), fill="#9ca3af", width=5)
    out = io.BytesIO()
    canvas.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf_thumbnail(data: bytes) -> bytes | None:
    """The first page through poppler's pdftoppm (fed on stdin: the file may be in a bucket),
    with a time limit."""
    program = shutil.which("pdftoppm")
    if program is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 (fixed argument list, no shell)
            [program, "-png", "-f", "1", "-l", "1", "-scale-to", str(THUMB_SIZE), "-"],
            input=data,
            capture_output=True,
            timeout=PDFTOPPM_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 and done.stdout.startswith(b"\x89PNG") else None


async def thumbnail(settings: Settings, row: dict[str, Any], data: bytes) -> bytes | None:
    """A small PNG of an image or of a PDF's first page, made once and kept beside the file."""
    cache = settings.files_dir / "thumbs" / f"{uuid.UUID(str(row['id'])).hex}.png"
    if cache.exists():
        return cache.read_bytes() or None
    if row["content_type"].startswith("image/") and not too_many_pixels(data):
        png = await asyncio.to_thread(_image_thumbnail, data)
    elif row["content_type"] == "application/pdf":
        png = await asyncio.to_thread(_pdf_thumbnail, data)
    else:
        png = None
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(png or b"")
    return png
