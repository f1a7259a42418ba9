"""Work no worker has taken yet, as an administrator sees it: Problems says so without
promising a time, a row tried again shows when it was queued again, and the envelope page
warns after "Try sealing again" when no worker will take it."""

import datetime as dt

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.clock import utcnow
from runtime.tables import Job
from tests.integration.conftest import (
    Org,
    create_envelope,
    fill_demo,
    import_template,
    path_of,
)
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.sending_helpers import URL, _envelope
from tests.integration.workers import a_worker_runs, no_worker


async def test_work_no_worker_took_says_so_and_promises_no_time(
    client: AsyncTestClient, author: Author
) -> None:
    """An invitation queued 20 minutes ago on an instance without a job worker: the row
    said 'Next try <20 minutes ago>, by itself' and asked, in backticks, whether
    `formseal worker` ran."""
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    await sign_in(client, author)
    _, job = await _envelope(client, mine, "ana@example.com")
    ago = utcnow() - dt.timedelta(minutes=20)
    await Job.update({Job.run_after: ago, Job.created_at: ago}).where(Job.id == job["id"])
    await no_worker()  # no worker has checked in here
    page = (await client.get(URL)).text
    assert "Waiting too long" in page and "by itself" not in page and "`" not in page
    assert "Not started: no job worker has taken it for more than 15 minutes." in page
    assert f"As soon as a worker takes it (due since {ago:%Y-%m-%d %H:%M} UTC)" in page
    assert "No job worker is running here" in page


async def test_a_row_queued_again_shows_when_it_was_queued_again(
    client: AsyncTestClient, author: Author
) -> None:
    """A mail that failed yesterday and is tried again now read 'Queued <yesterday>'."""
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    token = await sign_in(client, author)
    _, job = await _envelope(client, mine, "ana@example.com")
    day_ago = utcnow() - dt.timedelta(days=1)
    await Job.update(
        {
            Job.status: "failed",
            Job.attempts: 5,
            Job.last_error: "SMTPRecipientsRefused: 550",
            Job.created_at: day_ago,
            Job.finished_at: day_ago + dt.timedelta(hours=1),
        }
    ).where(Job.id == job["id"])
    before = (await client.get(URL)).text
    assert f"<dt>Gave up</dt><dd>{day_ago + dt.timedelta(hours=1):%Y-%m-%d %H:%M} UTC" in before
    pressed = utcnow()
    retried = await client.post(f"{URL}/{job['id']}/retry", data={"_csrf_token": token})
    assert retried.status_code == 303
    page = (await client.get(URL)).text
    assert "Queued to try again" in page
    minutes = {f"{t:%Y-%m-%d %H:%M}" for t in (pressed, utcnow())}  # a minute may turn
    assert any(f"<dt>Queued again</dt><dd>{m} UTC" in page for m in minutes), page
    assert f"{day_ago:%Y-%m-%d %H:%M}" not in page
    # no worker took it for 20 minutes: waiting too long, still since it was queued again
    ago = utcnow() - dt.timedelta(minutes=20)
    await Job.update({Job.run_after: ago}).where(Job.id == job["id"])
    page = (await client.get(URL)).text
    assert "Waiting too long" in page
    assert f"<dt>Queued again</dt><dd>{ago:%Y-%m-%d %H:%M} UTC" in page
    assert f"{day_ago:%Y-%m-%d %H:%M}" not in page


async def test_try_sealing_again_says_when_no_worker_will_take_it(
    client: AsyncTestClient, author: Author
) -> None:
    """'Try sealing again' on an envelope's page said only 'queued again' (and the page kept
    'Sealing failed') on an instance where no job worker runs, so it waited unseen."""
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    template = await import_template(client, mine)
    envelope = await create_envelope(client, mine, template["id"])
    await fill_demo(client, path_of(envelope["recipients"][0]["signing_url"]))
    key = f"seal:{envelope['id']}"
    await Job.update(
        {Job.status: "failed", Job.last_error: "RuntimeError: the sealing key is unreadable"}
    ).where(Job.dedupe_key == key)
    await no_worker()  # no worker has checked in here
    token = await sign_in(client, author)
    page_url = f"/designer/envelopes/{envelope['id']}"
    before = (await client.get(page_url)).text
    assert "Sealing failed" in before and "No job worker is running" not in before
    retried = await client.post(
        f"{URL}/envelopes/{envelope['id']}/retry", data={"_csrf_token": token, "back": "envelope"}
    )
    assert retried.status_code == 303
    after = (await client.get(retried.headers["location"])).text
    assert "The seal was queued again" in after
    assert "Sealing is queued to try again" in after and "Sealing failed" not in after
    assert (
        "No job worker is running here</strong> (none has checked in for 3 minutes), so the seal waits"
        in after
    )
    assert ">Try sealing again<" not in after  # queued once: no second button
    await a_worker_runs()  # a worker checks in: the warning goes
    assert "No job worker is running" not in (await client.get(retried.headers["location"])).text
