"""`formseal apikey revoke PREFIX` revoked every active key with that prefix, whatever its
organisation, and said only "Revoked 2 key(s).". A prefix shared by keys of two
organisations is now refused until `--organisation` says whose, and each key revoked is
named with its organisation. Three `formseal` processes per engine (docs/testing.md, rule 5)."""

import uuid

import anyio
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key, ensure_organisation
from runtime.settings import Settings
from runtime.tables import ApiKey
from tests.integration.cli_helpers import run


async def _revoke(settings: Settings, *args: str):
    return await anyio.to_thread.run_sync(lambda: run(settings, "apikey", "revoke", *args))


async def test_a_prefix_of_two_organisations_needs_organisation(
    client: AsyncTestClient, settings: Settings
) -> None:
    north, south = (f"{side} {uuid.uuid4().hex[:8]}" for side in ("North", "South"))
    ours = await create_api_key(await ensure_organisation(north), "crm")
    theirs = await create_api_key(await ensure_organisation(south), "billing")
    prefix = ours[:10]
    await ApiKey.update({ApiKey.prefix: prefix}).where(ApiKey.prefix == theirs[:10])

    both = await _revoke(settings, prefix)
    assert both.returncode == 1, both.stdout
    assert both.stderr.strip() == (
        f"Error: {prefix} is the prefix of active keys of 2 organisations: {north}, {south}. "
        "Nothing was revoked; say whose with --organisation NAME."
    )
    assert (
        await ApiKey.count().where(ApiKey.revoked_at.is_not_null() & (ApiKey.prefix == prefix)) == 0
    )

    one = await _revoke(settings, prefix, "--organisation", north)
    assert one.returncode == 0, one.stderr
    assert one.stdout.strip() == f"Revoked {prefix} “crm” of {north}."
    still = await ApiKey.select(ApiKey.name).where(
        (ApiKey.prefix == prefix) & ApiKey.revoked_at.is_null()
    )
    assert still == [{"name": "billing"}]

    again = await _revoke(settings, prefix, "--organisation", north)
    assert again.returncode == 1
    assert again.stderr.startswith(f"Error: The API key {prefix} was already revoked (")
