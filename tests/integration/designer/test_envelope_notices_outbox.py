"""After resending or reminding on an envelope's page, the notice said 'A new link is on its
way' also when no SMTP server is set, though the mail only went to a file on the server:
it now says so, and links to the Outbox; with an SMTP server it says nothing more."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.designer.conftest import make_author, sign_in
from tests.integration.designer.sending_helpers import _setup

NOT_SENT = "No SMTP server is set up, though:"


async def _resend(client: AsyncTestClient) -> str:
    author = await make_author()
    token = await sign_in(client, author)
    _, _, envelope = await _setup(client, author)
    recipient_id = envelope["recipients"][0]["id"]
    action = f"/designer/envelopes/{envelope['id']}/recipients/{recipient_id}/resend"
    resent = await client.post(action, data={"_csrf_token": token})
    assert resent.status_code == 303
    return (await client.get(resent.headers["location"])).text


async def test_without_smtp_the_notice_says_the_mail_is_only_written(
    client: AsyncTestClient, settings: Settings
) -> None:
    assert not settings.smtp_host
    page = await _resend(client)
    assert "A new link is on its way." in page and NOT_SENT in page
    assert 'href="/designer/outbox">Settings → Outbox</a>' in page


async def test_with_smtp_it_says_nothing_more(mail_client: AsyncTestClient) -> None:
    page = await _resend(mail_client)
    assert "A new link is on its way." in page and NOT_SENT not in page
