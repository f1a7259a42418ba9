"""A locked identity check (too many wrong codes) says what to do besides waiting: where the
right code is (the latest email or text message, the access code the sender gave) and whom
to ask, by the check the link uses. SQLite and PostgreSQL."""

import pytest
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import Org, create_envelope, import_template, path_of
from tests.integration.helpers import with_identity

PERSON = {"role": "customer", "name": "Lee", "email": "lee@example.com"}
#: the check, what its recipient needs, and the advice the locked page gives
CHECKS = {
    "email_code": ({}, "type the one from the latest email"),
    "sms_code": ({"phone": "+44 7700 900123"}, "type the one from the latest text message"),
    "access_code": ({"access_code": "BLUE-42"}, "Check the access code Test org"),
}


@pytest.mark.parametrize("check", sorted(CHECKS))
async def test_the_locked_check_says_where_the_code_is_and_whom_to_ask(
    client: AsyncTestClient, org: Org, settings: Settings, check: str
) -> None:
    extra, advice = CHECKS[check]
    template = await import_template(client, org, with_identity(check))
    envelope = await create_envelope(client, org, template["id"], recipients=[{**PERSON, **extra}])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await client.get(link)
    if check != "access_code":
        assert (await client.post(f"{link}/verify/send")).status_code == 303
    for _ in range(settings.identity_max_failures):
        await client.post(f"{link}/verify", data={"code": "000000"})
    page = (await client.get(f"{link}/verify")).text
    assert "Too many wrong codes. For your security, try again after" in page
    assert advice in page
    assert "contact Test org" in page
    # in the signer's language too
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/verify"})
    french = (await client.get(f"{link}/verify")).text
    assert "contactez Test org" in french
