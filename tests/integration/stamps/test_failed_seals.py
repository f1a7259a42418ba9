"""Settings → Problems, seals only (where /designer/admin/seals, the former Failed seals
page, now leads): a seal that really fails (its company stamp image was damaged in the file
store) is listed with its reason; senders see it on the envelope; "Try again" re-queues it
(audited), the notice names it, and once the cause is fixed it seals."""

import uuid

from litestar.testing import AsyncTestClient

from runtime import audit
from runtime.accounts.service import create_api_key
from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.stamps.service import upload_stamp
from runtime.tables import Envelope, Job, StoredFile
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    path_of,
)
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.stamps.helpers import stamp_definition, stamp_png

URL = "/designer/settings/problems?show=seals"
PROBLEMS = "/designer/settings/problems"
OLD = "/designer/admin/seals"


async def _run(settings: Settings, kind: str) -> int:
    return await Worker(settings, kinds=(kind,)).run_until_idle()


async def test_a_failed_seal_is_listed_retried_and_sealed(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    stamp = await upload_stamp(settings, org.id, name="Company seal", data=stamp_png(), actor="a")
    template = await import_template(client, org, stamp_definition())
    envelope = await create_envelope(client, org, template["id"])
    envelope_id = uuid.UUID(envelope["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(client, path_of(customer["signing_url"]))
    await _run(settings, "auto_sign")  # the organisation stamps (other tests' jobs may run too)

    # Damage the stamp's stored image: the seal must refuse it, not seal something else.
    row = await StoredFile.select().where(StoredFile.id == stamp["file"]).first()
    path = settings.files_dir / row["path"]
    good = path.read_bytes()
    path.write_bytes(good[:100])
    await Job.update({Job.max_attempts: 1}).where(Job.dedupe_key == f"seal:{envelope_id}")
    await _run(settings, "seal")
    job = await Job.select().where(Job.dedupe_key == f"seal:{envelope_id}").first()
    assert job is not None and job["status"] == "failed" and "cannot be read" in job["last_error"]

    token = await sign_in(client, author)
    moved = await client.get(OLD)  # old links, bookmarks and mails sent before the move
    assert moved.status_code == 308 and moved.headers["location"] == URL
    page = await client.get(URL)
    assert page.status_code == 200
    assert str(envelope_id) in page.text and "Failed — gave up" in page.text
    assert "Sealing for “Service agreement with company stamp”" in page.text
    assert "The company stamp applied to" in page.text and "cannot be read" in page.text
    sender_view = await client.get(f"/designer/envelopes/{envelope_id}")
    assert "Sealing failed — an administrator has been told" in sender_view.text

    path.write_bytes(good)  # an administrator repairs the file store
    no_csrf = await client.post(f"{PROBLEMS}/{job['id']}/retry", data={})
    assert no_csrf.status_code == 403
    form = {"_csrf_token": token, "show": "seals"}
    retried = await client.post(f"{PROBLEMS}/{job['id']}/retry", data=form)
    assert retried.status_code == 303
    assert retried.headers["location"] == f"{URL}&job={job['id']}&outcome=queued"
    done = await client.get(retried.headers["location"])
    assert (
        "Sealing for “Service agreement with company stamp”: queued again; it runs as soon "
        "as a job worker takes it." in done.text
    )
    again = await client.post(f"{PROBLEMS}/{job['id']}/retry", data=form)
    assert again.headers["location"].endswith("outcome=already")  # still one seal job
    assert await Job.count().where(Job.dedupe_key == f"seal:{envelope_id}") == 1

    await _run(settings, "seal")
    sealed = (
        await Envelope.select(Envelope.status, Envelope.sealed_file)
        .where(Envelope.id == envelope_id)
        .first()
    )
    assert sealed["status"] == "completed" and sealed["sealed_file"] is not None
    empty = await client.get(URL)
    assert str(envelope_id) not in empty.text and "Nothing is stuck" in empty.text
    assert "Show all problems" in empty.text
    actions = [e["action"] for e in await audit.events(org.id, envelope_id)]
    assert "envelope.seal_retried" in actions and "envelope.sealed" in actions
    assert audit.verify_chain(await audit.events(org.id, envelope_id)).ok


async def test_another_organisations_envelope_is_not_found(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    answer = await client.post(
        f"{PROBLEMS}/envelopes/{uuid.uuid4()}/retry", data={"_csrf_token": token}
    )
    assert answer.status_code == 404
    page = await client.get(URL)
    assert csrf_from(page.text) and "Nothing is stuck" in page.text
