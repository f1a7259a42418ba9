"""The sealed PDF downloads as "Service agreement – 3f6c1d2e.pdf" (the document's name and
the envelope's short id), not "<uuid>.pdf": from the API, the signer's link and the
designer's envelope page, with an ASCII fallback for old browsers."""

import re
from urllib.parse import unquote

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import Author, sign_in


def _filename(header: str) -> tuple[str, str]:
    """(filename=, filename*=) as a browser reads them."""
    fallback = re.search(r'; filename="([^"]*)"', header)
    encoded = re.search(r"; filename\*=UTF-8''(\S+)$", header)
    assert fallback and encoded, header
    return fallback.group(1), unquote(encoded.group(1))


async def test_the_sealed_pdf_downloads_under_a_readable_name(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    await sign_in(client, author)
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    await run_jobs(settings)

    short = envelope["id"][:8]
    for url in (
        f"/api/v1/envelopes/{envelope['id']}/sealed.pdf",
        f"{link}/sealed.pdf",
        f"/designer/envelopes/{envelope['id']}/sealed.pdf",
    ):
        response = await client.get(url, headers=org.auth if "/api/" in url else None)
        assert response.status_code == 200, (url, response.text)
        header = response.headers["content-disposition"]
        assert header.startswith("attachment;") and envelope["id"] not in header
        assert _filename(header) == (
            f"Service agreement - {short}.pdf",
            f"Service agreement – {short}.pdf",
        )
