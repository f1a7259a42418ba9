"""Pixel bombs (SECURITY.md 3, 18): a PNG of a few hundred KB can declare 176 million pixels,
which take 1.4 GB to decode. Pictures are judged by the size their header declares, before
anything decodes them: a signer's upload of one (attachment or signature picture) is a 422
naming the limit and stores nothing, and the sealed PDF shows one stored earlier as a note
instead of a page (the seal worker never decodes it)."""

import base64
import struct
import time
import zlib

import pytest
from litestar.testing import AsyncTestClient

from components import FieldError
from components.fields.signature import signature as signature_component
from runtime.images import MAX_IMAGE_PIXELS, image_pixels, too_many_pixels
from runtime.sealing.attachments import prepare_attachments
from runtime.sealing.inputs import SealAttachment
from runtime.stamps.service import list_stamps
from runtime.tables import Organisation
from tests.integration.claim_form import PNG, opened_claim, upload
from tests.integration.conftest import Org
from tests.integration.designer.conftest import Author, sign_in
from tests.security.helpers import sqlite_only, traces
from tests.unit.helpers import field


def declared_png(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height RGBA pixels, with a short, truncated body:
    reading the header is cheap, decoding it would allocate the whole picture first."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 100_000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


BOMB = declared_png(16_000, 11_000)  # 176 million pixels: under Pillow's own hard limit
HUGE = declared_png(30_000, 30_000)  # over it: Pillow refuses to open it at all


def test_pictures_are_measured_by_their_header() -> None:
    assert image_pixels(BOMB) == 176_000_000 and too_many_pixels(BOMB)
    assert too_many_pixels(HUGE)
    assert image_pixels(PNG) < MAX_IMAGE_PIXELS and not too_many_pixels(PNG)
    assert image_pixels(b"not a picture") == 0


def test_the_seal_never_decodes_a_pixel_bomb() -> None:
    items = [
        SealAttachment("Receipts", name, "image/png", data)
        for name, data in (("bomb.png", BOMB), ("huge.png", HUGE), ("fine.png", PNG))
    ]
    started = time.monotonic()
    shown = prepare_attachments(items, page_budget=10)
    assert time.monotonic() - started < 2
    kinds = [(entry.item.name, entry.kind) for entry in shown]
    assert kinds == [("bomb.png", "note"), ("huge.png", "note"), ("fine.png", "image")]
    for entry in shown[:2]:
        assert "more than 50 million pixels" in entry.note, entry.note


@sqlite_only
async def test_a_signer_cannot_upload_a_pixel_bomb(client: AsyncTestClient, org: Org) -> None:
    """Before, the web process decoded it for the signature picture (1.5 GB peak, 7 s for
    one 684 KB upload) and for the attachment's thumbnail."""
    link, _ = await opened_claim(client, org)
    before = await traces()
    for data in (BOMB, HUGE):
        attached = await upload(client, f"{link}/files/receipts", "photo.png", data, "image/png")
        assert attached.status_code == 422, attached.text
        assert "more than 50 million pixels" in attached.text
        picture = await client.post(
            f"{link}/signature/signature",
            files={"file": ("sig.png", data, "image/png")},
            headers={"HX-Request": "true"},
        )
        assert picture.status_code == 422, picture.text
        assert "more than 50 million pixels" in picture.text
    assert await traces() == before
    fine = await upload(client, f"{link}/files/receipts", "photo.png", PNG, "image/png")
    assert fine.status_code == 200, fine.text


async def test_stamps_and_logos_are_measured_before_decoding(
    client: AsyncTestClient, author: Author
) -> None:
    """A stamp or brand logo over 5000×5000 is refused beside its upload box before Pillow
    sees it. Before, one under Pillow's hard limit said 'could not be read
    (DecompressionBombWarning)', and one over it (HUGE) was a 500."""
    token = await sign_in(client, author)
    for data in (BOMB, HUGE, declared_png(5001, 5000)):
        stamp = await client.post(
            "/designer/settings/stamps",
            data={"_csrf_token": token, "name": "Company seal"},
            files={"image": ("stamp.png", data, "image/png")},
        )
        assert stamp.status_code == 422, stamp.text[-800:]
        inline = stamp.text.split('id="stamp-image-error">', 1)[1].split("</p>", 1)[0]
        assert inline == "The image has more than 25 million pixels; use at most 5000×5000."
        logo = await client.post(
            "/designer/settings/brand",
            data={"_csrf_token": token, "colour": "", "font": "", "theme": ""},
            files={"logo": ("logo.png", data, "image/png")},
        )
        assert logo.status_code == 422, logo.text[-800:]
        inline = logo.text.split('id="brand-logo-error">', 1)[1].split("</p>", 1)[0]
        assert inline == "The image has more than 25 million pixels; use at most 5000×5000."
    assert await list_stamps(author.organisation_id) == []  # nothing half-written
    row = await Organisation.select(Organisation.brand_logo).where(
        Organisation.id == author.organisation_id
    )
    assert row[0]["brand_logo"] is None


def test_a_drawn_signature_declaring_millions_of_pixels_is_refused() -> None:
    """The PDF renderer decodes a drawn signature whole: a 177-byte PNG declaring 176 million
    pixels took WeasyPrint 1 GB and 4 s. The drawing pad's canvas is a few megapixels."""
    signature, question = signature_component, field("signature")
    for data in (BOMB, declared_png(8000, 2001)):
        uri = "data:image/png;base64," + base64.b64encode(data).decode()
        with pytest.raises(FieldError) as caught:
            signature.clean({"image": uri, "typed": ""}, question)
        assert caught.value.message == "The signature image is too large; clear it and sign again"
    drawn = "data:image/png;base64," + base64.b64encode(declared_png(2400, 900)).decode()
    assert signature.clean({"image": drawn, "typed": ""}, question) == {
        "kind": "drawn",
        "image": drawn,
    }
