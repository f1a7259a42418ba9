"""A purged envelope that a designer user sent read "Designer" as its sender: the purge had
cleared the sender's email. It keeps it now (the organisation's own user, still on its
Users screen and in its audit trail, not a signer); an address the API was given as
`sender_email` still goes, and an envelope purged before says the email was removed."""

import uuid

from litestar.testing import AsyncTestClient

from runtime.archive.purge import purge_envelope
from runtime.settings import Settings
from runtime.tables import Envelope
from tests.integration.conftest import Org, create_envelope, import_template
from tests.integration.designer.conftest import make_author, sign_in


async def _ended(client: AsyncTestClient, org: Org, template_id: str, name: str) -> uuid.UUID:
    made = await create_envelope(
        client,
        org,
        template_id,
        recipients=[{"role": "customer", "name": name, "email": "x@example.com"}],
        sender_email="outside@partner.test",
    )
    await client.post(
        f"/api/v1/envelopes/{made['id']}/void", json={"reason": "test"}, headers=org.auth
    )
    return uuid.UUID(made["id"])


async def test_a_purged_envelope_still_names_the_designer_user_who_sent_it(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    template = await import_template(client, org)
    author = await make_author(org.id)
    by_designer = await _ended(client, org, template["id"], "Dana Designer")
    by_api = await _ended(client, org, template["id"], "Ada Api")
    earlier = await _ended(client, org, template["id"], "Eli Earlier")
    # as the designer's Send screen records them
    for envelope_id in (by_designer, earlier):
        await Envelope.update(
            {Envelope.sent_via: "designer", Envelope.sender_email: author.email}
        ).where(Envelope.id == envelope_id)
    for envelope_id in (by_designer, by_api, earlier):
        assert await purge_envelope(settings, envelope_id, days=30)
    # purged before this change: the email was cleared
    await Envelope.update({Envelope.sender_email: ""}).where(Envelope.id == earlier)

    rows = {
        r["id"]: r
        for r in await Envelope.select(Envelope.id, Envelope.sender_email).where(
            Envelope.id.is_in([by_designer, by_api])
        )
    }
    assert rows[by_designer]["sender_email"] == author.email
    assert rows[by_api]["sender_email"] == ""  # an address from outside is personal data

    await sign_in(client, author)
    archive = await client.get("/designer/archive")
    assert archive.status_code == 200
    cells = archive.text.split('class="archive-sender">')[1:]
    said = [c.split("</td>")[0].replace("<wbr>", "").strip() for c in cells]
    assert author.email in said
    assert "API" in said
    assert "A designer user (email removed by an earlier purge)" in said
    assert "Designer" not in said
    exported = await client.get("/designer/archive/export.csv")
    assert exported.text.count(author.email) == 1
