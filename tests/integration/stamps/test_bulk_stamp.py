"""A bulk send of a template with an organisation role: the file names the people, never the
organisation, which applies its own company stamp. The check asked for 'each Company's name'
and 'email' columns and would not send until one was chosen."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, import_template
from tests.integration.designer.bulk_helpers import _upload
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import stamp_definition

CSV = b"Name,Email\nAlex Example,alex@example.com\nBo Example,bo@example.com\n"


async def test_a_bulk_send_needs_no_column_for_the_organisation(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    template = await import_template(client, org, stamp_definition())
    token = await sign_in(client, author)
    form = await client.get(f"/designer/bulk-sends/new?template_id={template['id']}")
    assert "<code>Customer name</code>" in form.text
    assert "<code>Company name</code>" not in form.text
    uploaded = await _upload(client, token, template["id"], CSV)
    assert uploaded.status_code == 303, uploaded.text
    check = await client.get(uploaded.headers["location"])
    assert "Choose the column" not in check.text, check.text
    assert 'id="map-company-name"' not in check.text
    # one person besides the organisation: plain "Name" and "Email" are theirs
    assert '<option value="Email" selected>' in check.text
    assert "Send 2 envelopes" in check.text
    bulk_id = uploaded.headers["location"].rsplit("/", 1)[1]
    confirmed = await client.post(
        f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token}
    )
    assert confirmed.status_code == 303, confirmed.text
    await Worker(settings, kinds=("bulk_send",)).run_until_idle()
    assert await Envelope.count().where(Envelope.bulk_key.like(f"{bulk_id}:%")) == 2
