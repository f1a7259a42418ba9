"""Sending a template with an organisation role from the designer: nobody is asked for it."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from tests.integration.conftest import Org, csrf_from, import_template
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import stamp_definition


async def test_the_send_screen_asks_for_nobody_for_the_organisation(
    client: AsyncTestClient, author: Author
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    template = await import_template(client, org, stamp_definition())
    await sign_in(client, author)
    url = f"/designer/envelopes/new?template_id={template['id']}"
    form = await client.get(url)
    assert "applies its company stamp when its turn comes" in form.text
    assert 'name="company.name"' not in form.text and 'name="customer.name"' in form.text
    sent = await client.post(
        url,
        data={
            "_csrf_token": csrf_from(form.text),
            "customer.name": "Alex Example",
            "customer.email": "alex@example.com",
        },
    )
    assert sent.status_code == 303, sent.text[:2000]
    envelope = await client.get(sent.headers["location"])
    assert "Alex Example" in envelope.text
