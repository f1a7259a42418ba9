"""Shared by the company stamp tests: a stamp image, the demo with an organisation role, and
an envelope whose company stamp is applied by hand."""

import io
from typing import Any

from litestar.testing import AsyncTestClient
from PIL import Image, ImageDraw

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from tests.integration.conftest import Org, create_envelope, demo_definition, import_template
from tests.integration.designer.conftest import Author


def stamp_png(size: int = 240, colour: tuple[int, int, int] = (190, 20, 30)) -> bytes:
    """A round red stamp with a transparent background, like the real thing."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=(*colour, 255), width=10)
    draw.ellipse((40, 40, size - 40, size - 40), outline=(*colour, 255), width=5)
    draw.rectangle((70, size // 2 - 14, size - 70, size // 2 + 14), fill=(*colour, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def stamp_definition(stamp: str | None = None) -> dict[str, Any]:
    """The demo agreement, countersigned in stage 2 by the organisation with its stamp."""
    d = demo_definition()
    d["name"] = "Service agreement with company stamp"
    d["roles"].append(
        {"key": "company", "name": "Company", "kind": "signer", "stage": 2, "organisation": True}
    )
    field: dict[str, Any] = {"key": "company_stamp", "component": "stamp", "label": "Company stamp"}
    if stamp:
        field["validation"] = {"stamp": stamp}
    d["sections"].append(
        {"key": "countersign", "title": "Countersignature", "role": "company", "fields": [field]}
    )
    d["document"].append({"kind": "signature", "role": "company", "field": "company_stamp"})
    return d


async def by_hand_envelope(
    client: AsyncTestClient, author: Author, settings: Settings
) -> tuple[Org, dict[str, Any]]:
    """The author's organisation with a "Board seal" not allowed for auto-sign (applied by
    hand), and a new envelope of the demo with an organisation role."""
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    await upload_stamp(
        settings, org.id, name="Board seal", data=stamp_png(), actor="a", auto_sign=False
    )
    template = await import_template(client, org, stamp_definition())
    return org, await create_envelope(client, org, template["id"])
