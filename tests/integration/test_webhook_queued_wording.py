"""A delivery sent again read "Waiting" on the webhooks screen until the worker ran, which
said neither what it waited for nor how long: it reads "Queued again", sent within a few
seconds, or, with no job worker running, that it waits for one. The API already answers
a redelivery with `{"status": "queued"}`. Its Answer column showed the first attempt's
"HTTP 200" as if the redelivery had been answered: it says none yet, the previous answer
under it as history."""

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.settings import Settings
from tests.integration.conftest import Org, create_webhook, import_template, run_jobs
from tests.integration.designer.conftest import PASSWORD, Author, sign_in
from tests.integration.webhook_receiver import Receiver
from tests.integration.workers import a_worker_runs, no_worker


async def test_a_redelivery_reads_queued_and_says_when_it_goes(
    hook_client: AsyncTestClient, hook_settings: Settings, org: Org, receiver: Receiver
) -> None:
    made = await create_webhook(hook_client, org, receiver.url, ["template.published"])
    deliveries = f"/api/v1/webhooks/{made['id']}/deliveries"
    await import_template(hook_client, org)
    await run_jobs(hook_settings)
    (first,) = (await hook_client.get(deliveries, headers=org.auth)).json()["items"]
    resent = await hook_client.post(f"{deliveries}/{first['id']}/redeliver", headers=org.auth)
    assert resent.status_code == 202 and resent.json() == {"status": "queued"}

    admin = Author(f"admin-{org.id.hex[:8]}@example.com", PASSWORD, org.id)
    await create_user(org.id, admin.email, PASSWORD, role="admin")
    await sign_in(hook_client, admin)
    await no_worker()
    await a_worker_runs(("webhook",))  # a worker that sends webhooks beats
    screen = (await hook_client.get("/designer/settings/webhooks")).text
    assert '<td data-label="Status">Queued again<br>' in screen
    assert "It is sent within a few seconds: reload to see how it went." in screen
    assert "Waiting" not in screen
    assert "1 queued to be sent" in screen  # not "All delivered"
    # its Answer is not the first attempt's HTTP 200 as if this one had been answered:
    # it has none yet, and the previous one is history
    answer = screen.split('<td data-label="Answer">')[1].split("</td>")[0]
    assert answer.startswith("None yet: not sent again<br>"), answer
    assert '<span class="hint">Previous try (' in answer and "): HTTP 200</span>" in answer

    await no_worker()  # no worker has checked in here
    screen = (await hook_client.get("/designer/settings/webhooks?done=redelivered")).text
    assert (
        "It waits for a job worker: none that sends webhooks has checked in here for 3 minutes."
        in screen
    )
    assert "The delivery was queued again" in screen and "No job worker is running" in screen
