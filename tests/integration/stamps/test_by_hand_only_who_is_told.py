"""Who is told a company stamp waits to be applied by hand is who may apply it: the mail
"Company stamp to apply by hand" went to the administrators and the users granted the
stamp the template asks for, while anyone granted any active stamp could apply theirs in
its place (and was not told)."""

import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.stamps.service import update_permissions, upload_stamp
from runtime.tables import Recipient
from tests.integration.conftest import csrf_from, fill_demo, path_of, run_jobs
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.stamps.helpers import by_hand_envelope, stamp_png


async def test_a_user_granted_another_stamp_neither_is_told_nor_applies_it(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org, envelope = await by_hand_envelope(client, author, settings)
    small = await upload_stamp(
        settings, org.id, name="Small seal", data=stamp_png(), actor="a", auto_sign=False
    )
    address = f"sender-{uuid.uuid4().hex[:8]}@example.com"
    user_id = await create_user(org.id, address, PASSWORD, name="Sam Small", role="sender")
    await update_permissions(
        org.id, small["id"], auto_sign=False, granted_to=[str(user_id)], actor="a"
    )
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    await Worker(settings, kinds=("auto_sign",)).run_until_idle()
    await run_jobs(settings)
    told = [p.read_text(errors="replace") for p in settings.outbox_dir.glob("*.eml")]
    assert not any(address in mail for mail in told)  # Board seal is not granted to Sam

    await sign_in(client, Author(address, PASSWORD, org.id))
    url = f"/designer/envelopes/{envelope['id']}"
    page = (await client.get(url)).text
    assert "Apply company stamp" not in page and "Small seal" not in page
    assert "Only administrators, and the users this stamp is granted to in Stamps" in page
    applied = await client.post(
        f"{url}/stamp", data={"_csrf_token": csrf_from(page), "stamp_id": str(small["id"])}
    )
    assert applied.status_code in (403, 409)
    company = (
        await Recipient.select(Recipient.status)
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company"))
        .first()
    )
    assert company["status"] == "notified"  # still waiting for the Board seal
