"""Settings → Problems: work that gave up before its last attempt (a refusal that retrying
cannot change, such as a webhook to an internal address) read 'Failed — gave up' beside
'Attempts 1 of 12', as if eleven more were coming; it now says why it stopped."""

from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.clock import utcnow
from runtime.tables import Job
from tests.integration.conftest import Org
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.sending_helpers import URL, _envelope


async def _failed(author: Author, client: AsyncTestClient, attempts: int) -> None:
    mine = Org(author.organisation_id, await create_api_key(author.organisation_id, "tests"))
    _, job = await _envelope(client, mine, "ana@example.com")
    await Job.update(
        {
            Job.status: "failed",
            Job.attempts: attempts,
            Job.max_attempts: 12,
            Job.last_error: "SMTPRecipientsRefused: no such mailbox",
            Job.finished_at: utcnow(),
        }
    ).where(Job.id == job["id"])


async def test_work_that_stopped_early_says_why(client: AsyncTestClient, author: Author) -> None:
    await _failed(author, client, 1)
    await sign_in(client, author)
    page = (await client.get(URL)).text
    assert "<dd>1, then stopped: trying again the same way cannot work until the cause" in page
    assert "1 of 12" not in page


async def test_work_that_used_every_attempt_counts_them(
    client: AsyncTestClient, author: Author
) -> None:
    await _failed(author, client, 12)
    await sign_in(client, author)
    assert "<dd>12 of 12</dd>" in (await client.get(URL)).text
