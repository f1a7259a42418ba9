"""A stamp the parent shares: subsidiary A's envelope (from the parent's shared template)
is auto-signed with it and sealed; once the parent stops sharing, the next envelope waits
for a stamp instead of using it. One seal per engine."""

import io
import uuid

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from runtime.stamps.service import update_permissions, upload_stamp
from runtime.tables import Recipient
from tests.integration.conftest import (
    create_envelope,
    fill_demo,
    import_template,
    path_of,
    run_jobs,
)
from tests.integration.groups.conftest import make_group, share
from tests.integration.stamps.helpers import stamp_definition, stamp_png


async def test_shared_stamp_auto_signs_a_subsidiarys_envelope(
    client: AsyncTestClient, settings: Settings
) -> None:
    group = await make_group()
    stamp = await upload_stamp(
        settings, group.parent.id, name="Group seal", data=stamp_png(), actor="tests"
    )
    await update_permissions(
        group.parent.id, stamp["id"], auto_sign=True, granted_to=[], actor="t", shared=True
    )
    template = await import_template(client, group.parent, stamp_definition())
    await share(template["id"], "own")

    envelope = await create_envelope(client, group.a, template["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    await run_jobs(settings)
    got = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=group.a.auth)).json()
    assert got["status"] == "completed", got
    assert got["answers"]["company_stamp"] == str(stamp["id"])
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=group.a.auth)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Group seal" in text and group.a_legal in text

    # no longer shared: B's envelope waits for a stamp of B's own
    await update_permissions(
        group.parent.id, stamp["id"], auto_sign=True, granted_to=[], actor="t", shared=False
    )
    waiting = await create_envelope(client, group.b, template["id"])
    customer = next(r for r in waiting["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    await run_jobs(settings)
    got = (await client.get(f"/api/v1/envelopes/{waiting['id']}", headers=group.b.auth)).json()
    assert got["status"] == "in_progress"
    company = await Recipient.select(Recipient.status).where(
        (Recipient.envelope == uuid.UUID(waiting["id"])) & (Recipient.role == "company")
    )
    assert company[0]["status"] != "completed"
