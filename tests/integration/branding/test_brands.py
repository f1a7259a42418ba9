"""A subsidiary's brand on everything its envelopes show: the signer page, the invitation
mail and the sealed PDF (certificate legal name, footer text, the colour on the page).

One seal per engine; the rest is plain HTTP and the real mail server (aiosmtpd).
"""

import io
import subprocess
import uuid
from pathlib import Path

from litestar.testing import AsyncTestClient
from PIL import Image
from pypdf import PdfReader

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.branding.logo import KIND, clean_logo
from runtime.files import store_bytes
from runtime.settings import Settings
from runtime.tables import Envelope, Organisation
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
)

GREEN = "#0b5d3b"


def logo_png() -> bytes:
    image = Image.new("RGB", (120, 40), (11, 93, 59))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def make_group(settings: Settings) -> tuple[Org, uuid.UUID]:
    """A parent with colour and logo; a subsidiary with its own legal name, sender name and
    footer, inheriting the parent's colour and logo."""
    suffix = uuid.uuid4().hex[:6]
    parent = await ensure_organisation(f"Acme Group {suffix}")
    logo = await store_bytes(
        settings, parent, KIND, clean_logo(logo_png()), content_type="image/png"
    )
    await Organisation.update(
        {Organisation.brand_colour: GREEN, Organisation.brand_logo: logo.id}
    ).where(Organisation.id == parent)
    child = await ensure_organisation(f"Acme Services {suffix}")
    await Organisation.update(
        {
            Organisation.parent: parent,
            Organisation.legal_name: f"Acme Services {suffix} Limited",
            Organisation.mail_sender_name: "Acme Signing Desk",
            Organisation.footer_text: "Registered in England · 1 Market Street",
        }
    ).where(Organisation.id == child)
    return Org(child, await create_api_key(child, "tests")), parent


async def test_subsidiary_brand_on_page_mail_and_pdf(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox, tmp_path: Path
) -> None:
    org, parent = await make_group(mail_settings)
    legal = (await Organisation.select().where(Organisation.id == org.id).first())["legal_name"]
    template = await import_template(mail_client, org)
    envelope = await create_envelope(mail_client, org, template["id"])
    await run_jobs(mail_settings)

    # the invitation: From name, legal name, footer, logo, colour
    [invitation] = mailbox.to("alex@example.com")
    assert invitation["From"].addresses[0].display_name == "Acme Signing Desk"
    text = mailbox.text(invitation)
    assert f"{legal} asks you to sign" in text
    assert "Registered in England · 1 Market Street" in text
    html = invitation.get_body(preferencelist=("html",)).get_content()
    assert legal in html and "Registered in England" in html
    assert f"background:{GREEN}" in html  # header and button in the brand colour
    assert f"/brand/{parent}/logo/" in html  # the parent's logo, inherited

    # the signer page: legal name, logo, the brand stylesheet with the inherited colour
    link = path_of(envelope["recipients"][0]["signing_url"])
    page = await open_link(mail_client, link)
    assert page.status_code == 200
    assert legal in page.text and "Registered in England" in page.text
    assert f'src="/brand/{parent}/logo/' in page.text
    css_href = page.text.split('href="/brand/', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    css = await mail_client.get(f"/brand/{css_href}")
    assert css.status_code == 200 and f"--brand-colour:{GREEN}" in css.text
    logo_path = page.text.split(f'src="/brand/{parent}/logo/', 1)[1].split('"', 1)[0]
    logo = await mail_client.get(f"/brand/{parent}/logo/{logo_path}")
    assert logo.status_code == 200 and logo.content.startswith(b"\x89PNG")
    assert (await mail_client.get(f"/brand/{org.id}/logo/{logo_path}")).status_code == 404

    # the sealed PDF: legal name on the certificate, footer on every page, colour on page 1
    await fill_demo(mail_client, link)
    await run_jobs(mail_settings)
    sealed = await mail_client.get(
        f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth
    )
    assert sealed.status_code == 200
    reader = PdfReader(io.BytesIO(sealed.content))
    certificate = reader.pages[-1].extract_text()
    assert "Audit certificate" in certificate and legal in certificate
    assert all("Registered in England" in p.extract_text() for p in reader.pages)
    pdf = tmp_path / "sealed.pdf"
    pdf.write_bytes(sealed.content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "p1"),
        ],
        check=True,
        timeout=60,
    )
    raw = Image.open(tmp_path / "p1.png").convert("RGB").tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    near = sum(
        1 for r, g, b in pixels if abs(r - 11) < 25 and abs(g - 93) < 25 and abs(b - 59) < 25
    )
    assert near > 50, "the brand colour is not on page 1"


async def test_envelope_sent_as_another_organisation_presents_its_brand(
    client: AsyncTestClient, org: Org
) -> None:
    other = await ensure_organisation(f"Presenting org {uuid.uuid4().hex[:6]}")
    await Organisation.update(
        {Organisation.legal_name: "Presenting Org Legal Ltd", Organisation.brand_colour: "#7a1f5c"}
    ).where(Organisation.id == other)
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await Envelope.update({Envelope.sent_as: other}).where(Envelope.id == uuid.UUID(envelope["id"]))
    page = await open_link(client, path_of(envelope["recipients"][0]["signing_url"]))
    assert "Presenting Org Legal Ltd" in page.text
    assert f"/brand/{other}/brand.css" in page.text


async def test_logo_answers_head_with_the_get_headers_and_no_body(
    mail_client: AsyncTestClient, mail_settings: Settings
) -> None:
    """`curl -I` on a logo URL: 200 with the GET's type and length, no body (was 405)."""
    _, parent = await make_group(mail_settings)
    logo_id = (await Organisation.select().where(Organisation.id == parent).first())["brand_logo"]
    url = f"/brand/{parent}/logo/{logo_id}"
    get = await mail_client.get(url)
    head = await mail_client.head(url)
    assert get.status_code == 200 and head.status_code == 200
    assert head.headers["content-type"] == "image/png"
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["cache-control"] == get.headers["cache-control"]
    assert head.content == b""
    assert (await mail_client.head(f"/brand/{uuid.uuid4()}/logo/{logo_id}")).status_code == 404
