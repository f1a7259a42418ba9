"""The archive finds an envelope by its reference, as the signer reads it out."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template


async def test_a_reference_or_its_first_characters_find_the_envelope(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    wanted = await create_envelope(client, org, template["id"])
    await create_envelope(client, org, template["id"])

    async def found(q: str) -> list[str]:
        response = await client.get("/api/v1/envelopes/search", params={"q": q}, headers=org.auth)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]

    reference = wanted["id"]
    assert await found(reference) == [reference]
    assert await found(reference.upper()) == [reference]  # copied from a printed page
    assert await found(reference[:8]) == [reference]
    assert await found(reference[:13]) == [reference]
    # words still count as words: the template's name finds both
    assert len(await found("service")) == 2
    assert await found("0000000f") == []
