"""Settings -> Brand through the real routes: saves, refuses low contrast and SVG, previews."""

import io
import uuid

from litestar.testing import AsyncTestClient
from PIL import Image

from runtime.tables import AuditEvent, Organisation
from tests.integration.designer.conftest import HX, Author, sign_in


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 60), (30, 60, 120)).save(out, format="PNG")
    return out.getvalue()


async def organisation(org_id: uuid.UUID) -> dict:
    row = await Organisation.select().where(Organisation.id == org_id).first()
    assert row is not None
    return row


async def test_brand_settings_save_refuse_and_preview(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    page = await client.get("/designer/settings/brand")
    assert page.status_code == 200 and "Primary colour" in page.text
    # the logo's rules, as the refusals say them (it said "shown up to 600 pixels wide")
    assert "and at most 10 times as wide as it is tall. It is shown 40 pixels high" in page.text

    form = {
        "_csrf_token": token,
        "colour": "#ffd700",
        "font": "serif",
        "mail_sender_name": "Contracts team",
        "footer_text": "1 Market Street",
        "theme": "",
    }
    refused = await client.post("/designer/settings/brand", data=form)
    assert refused.status_code == 422
    assert "As link text on the page this colour reaches only" in refused.text
    assert 'id="brand-colour-error"' in refused.text
    assert (await organisation(author.organisation_id))["brand_colour"] == ""  # nothing saved

    svg = await client.post(
        "/designer/settings/brand",
        data={**form, "colour": "#0b5d3b"},
        files={"logo": ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")},
    )
    assert svg.status_code == 422 and "SVG logos are not accepted" in svg.text
    assert (await organisation(author.organisation_id))["brand_colour"] == ""

    forged = await client.post("/designer/settings/brand", data={**form, "_csrf_token": "x"})
    assert forged.status_code == 403

    saved = await client.post(
        "/designer/settings/brand",
        data={**form, "colour": "#0B5D3B"},
        files={"logo": ("logo.png", png(), "image/png")},
    )
    assert saved.status_code == 303, saved.text
    row = await organisation(author.organisation_id)
    assert row["brand_colour"] == "#0b5d3b" and row["brand_font"] == "serif"
    assert row["mail_sender_name"] == "Contracts team" and row["brand_logo"] is not None
    assert await AuditEvent.exists().where(
        (AuditEvent.organisation == author.organisation_id)
        & (AuditEvent.action == "organisation.brand_changed")
    )
    again = await client.get("/designer/settings/brand?done=saved")
    assert "The brand was saved" in again.text and 'value="#0b5d3b"' in again.text

    pane = await client.get(
        "/designer/settings/brand/preview?colour=%23ffd700&font=serif", headers=HX
    )
    assert pane.status_code == 200
    assert 'hx-swap-oob="true"' in pane.text and "it cannot be saved" in pane.text
    sample = await client.get("/designer/settings/brand/preview/signer?colour=%237a1f5c")
    assert sample.status_code == 200
    assert sample.headers["x-frame-options"] == "SAMEORIGIN"
    css_url = sample.text.split('href="/designer/settings/brand/preview/brand.css', 1)[1]
    css = await client.get(
        "/designer/settings/brand/preview/brand.css" + css_url.split('"')[0].replace("&amp;", "&")
    )
    assert "--brand-colour:#7a1f5c" in css.text
    mail = await client.get(
        "/designer/settings/brand/preview/mail?colour=%230b5d3b&footer_text=1+Market+Street"
    )
    assert "Contracts team" not in mail.text  # the From name is not in the body
    assert "background:#0b5d3b" in mail.text and "1 Market Street" in mail.text
    pdf = await client.get("/designer/settings/brand/preview/pdf.png")
    assert pdf.status_code == 200 and pdf.content.startswith(b"\x89PNG")


async def test_a_logo_over_1_mb_is_refused_with_its_own_size(
    client: AsyncTestClient, author: Author
) -> None:
    """Without JavaScript (designer.js says it before sending) the server read the upload up
    to the limit only, so a 1.5 MB file was refused as "1.0 MB; a logo may be at most 1 MB"."""
    token = await sign_in(client, author)
    over = b"\x89PNG\r\n\x1a\n" + b"\0" * 1_450_000
    refused = await client.post(
        "/designer/settings/brand",
        data={"_csrf_token": token, "colour": "#0b5d3b"},
        files={"logo": ("logo.png", over, "image/png")},
    )
    assert refused.status_code == 422
    assert "This file is 1.5 MB: choose a logo of at most 1 MB." in refused.text
    assert (await organisation(author.organisation_id))["brand_logo"] is None


async def test_a_form_too_large_for_the_server_says_so_in_a_forms_words(
    client: AsyncTestClient, author: Author
) -> None:
    """Without JavaScript a 5 MB logo reached the server's limit for the whole form, and the
    page said "The request body is too large: this endpoint takes at most 2 MB"."""
    token = await sign_in(client, author)
    refused = await client.post(
        "/designer/settings/brand",
        data={"_csrf_token": token},
        files={"logo": ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 5_000_000, "image/png")},
    )
    assert refused.status_code == 413
    assert (
        "What you sent is too large: this form takes at most 2 MB in all. Go back and choose "
        "a smaller file; the form says how large each may be."
    ) in refused.text
    assert "endpoint" not in refused.text
