"""A step's key follows its title, as a field's follows its question: every step added with
"Add a step" kept `new_step`, `new_step_2`… whatever it was called, so the exported
definition and the API named "Laptop" `new_step`. Once the author types a key of their own,
or a version with the step is published, the key stays."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import definition_of, seeded


async def _rename(
    client: AsyncTestClient, token: str, base: str, key: str, title: str, **extra: str
) -> str:
    data = {
        "item": f"section:{key}",
        "title": title,
        "key": extra.get("new_key", key),
        "role": "client",
    }
    page = await client.post(f"{base}/properties", data=data, headers=hx(token))
    assert page.status_code == 200, page.text
    return page.text


def _keys(definition: dict) -> list[str]:  # type: ignore[type-arg]
    return [s["key"] for s in definition["sections"]]


async def test_a_new_step_takes_its_key_from_its_title(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    await client.post(f"{base}/sections", data={}, headers=hx(signed_in))
    assert _keys(await definition_of(base))[-1] == "new_step"

    page = await _rename(client, signed_in, base, "new_step", "Laptop")
    assert _keys(await definition_of(base))[-1] == "laptop"
    assert 'id="prop-section-key" name="key" value="laptop"' in page  # the Key box says so
    assert 'id="prop-target" name="item" value="section:laptop"' in page

    # its own key, typed by the author, stays when the title changes again
    await _rename(client, signed_in, base, "laptop", "Laptop", new_key="kit")
    await _rename(client, signed_in, base, "kit", "Laptop details")
    assert _keys(await definition_of(base))[-1] == "kit"


async def test_a_published_step_keeps_its_key(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in)
    assert (
        await client.post(f"{base}/publish", data={"_csrf_token": signed_in})
    ).status_code == 303
    await _rename(client, signed_in, base, "details", "About you")
    definition = await definition_of(base)
    assert definition["sections"][0]["title"] == "About you"
    assert _keys(definition)[0] == "details"


async def test_a_step_still_keyed_new_step_takes_its_title_s_key(
    client: AsyncTestClient, signed_in: str
) -> None:
    """Steps added before keys followed titles kept the made-up `new_step`: the next change
    of title gives them theirs."""
    base = await seeded(client, signed_in)
    await client.post(f"{base}/sections", data={}, headers=hx(signed_in))
    await _rename(client, signed_in, base, "new_step", "Laptop", new_key="new_step_2")
    assert _keys(await definition_of(base))[-1] == "new_step_2"  # typed: it stays...
    await _rename(client, signed_in, base, "new_step_2", "Laptop details")
    assert _keys(await definition_of(base))[-1] == "laptop_details"  # ...but reads as made up
