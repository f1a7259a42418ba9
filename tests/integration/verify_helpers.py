"""Sealed PDFs for the verification tests: one made through the signer's wizard, its
envelope's row, and a PDF uploaded to the verification page."""

import re

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)


async def _sealed_pdf(client: AsyncTestClient, org: Org, settings: Settings) -> tuple[str, bytes]:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    await run_jobs(settings)
    response = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert response.status_code == 200
    return envelope["id"], response.content


async def _upload(client: AsyncTestClient, pdf: bytes, language: str = "en") -> str:
    token = csrf_from((await client.get("/verify")).text)
    response = await client.post(
        "/verify",
        files={"file": ("sealed.pdf", pdf, "application/pdf")},
        data={"_csrf_token": token, "language": language},
    )
    assert response.status_code == 200
    return response.text


def _row(page: str, key: str) -> str:
    """The row's value as read: without the spans that keep its dates on one line."""
    start = page.index(f'{key}</dt><dd class="summary-list__value">') + len(key) + 37
    value = page[start : page.index("</dd>", start)]
    return re.sub(r'<span class="nowrap">([^<]*)</span>', r"\1", value)
