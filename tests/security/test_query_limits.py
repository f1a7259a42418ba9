"""Odd values in URLs (SECURITY.md 23): a page number whose offset would overflow the
database's 64-bit integers was a 500 (now a 422 naming `page`); an upload to a question
that is no attachment request was a 500 (now a 404)."""

from litestar.testing import AsyncTestClient

from tests.integration.claim_form import PNG, opened_claim, upload
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


async def test_a_made_up_upload_question_is_a_404(client: AsyncTestClient, org: Org) -> None:
    """Posting to /s/<token>/files/<a key that is no attachment request> rendered the file
    list of a question that does not exist: a 500."""
    link, _ = await opened_claim(client, org)
    for key in ("nope", "signature"):
        empty = await client.post(f"{link}/files/{key}", data={"x": "1"})
        assert empty.status_code == 404, (key, empty.status_code)
        sent = await upload(client, f"{link}/files/{key}", "a.png", PNG, "image/png")
        assert sent.status_code == 404, (key, sent.status_code)
        assert "This question does not take files" in sent.text
        removed = await client.post(f"{link}/files/{key}/x/remove", headers={"HX-Request": "true"})
        assert removed.status_code == 404, (key, removed.status_code)
