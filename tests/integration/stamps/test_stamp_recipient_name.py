"""The organisation's role is named by the organisation's legal name, the entity that
countersigns: the envelope's page, the signature block under the stamp and the certificate
said its short name ("Acme") where every mail and page header said "Acme Foods Ltd"."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.tables import Organisation
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.designer.conftest import Author
from tests.integration.stamps.helpers import stamp_definition


async def test_the_organisation_role_bears_the_legal_name(
    client: AsyncTestClient, author: Author
) -> None:
    await Organisation.update({Organisation.legal_name: "Acme Foods Ltd"}).where(
        Organisation.id == author.organisation_id
    )
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    company = next(r for r in envelope["recipients"] if r["role"] == "company")
    assert company["name"] == "Acme Foods Ltd"
