"""Query parameters at the edges of their type (SECURITY.md 23): a page number whose offset
would overflow the database's 64-bit integers was a 500; it is a 422 naming `page`."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org


async def test_a_huge_page_number_is_a_422_naming_page(client: AsyncTestClient, org: Org) -> None:
    for path in ("/api/v1/envelopes", "/api/v1/envelopes/search"):
        for page in ("99999999999999999999", "1000001"):
            answer = await client.get(path, params={"page": page}, headers=org.auth)
            assert answer.status_code in (400, 422), (path, page, answer.status_code)
            assert "page" in answer.text, (path, page)
    last = await client.get("/api/v1/envelopes", params={"page": "1000000"}, headers=org.auth)
    assert last.status_code == 200, last.text
    assert last.json()["items"] == []
