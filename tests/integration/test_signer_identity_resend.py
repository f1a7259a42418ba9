"""'Send a new code' refused (asked again within 30 seconds): the page says why beside that
link, and the code box is not marked wrong; the code already sent still works."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template, path_of
from tests.integration.helpers import with_identity

TOO_SOON = "A code was sent less than 30 seconds ago. Wait a moment, then ask for a new one."


async def test_a_new_code_asked_too_soon_is_refused_beside_its_link(
    client: AsyncTestClient, org: Org
) -> None:
    """The refusal stood on the code box ("Code", red, aria-invalid), as if the code typed
    were wrong, and the summary's link led there."""
    template = await import_template(client, org, with_identity("email_code"))
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    assert (await client.post(f"{link}/verify/send")).status_code == 303
    again = await client.post(f"{link}/verify/send")
    assert again.status_code == 429
    page = again.text
    assert f'<a href="#field-resend">{TOO_SOON}</a>' in page  # the summary's line
    assert f'id="error-resend"><span class="visually-hidden">Error:</span> {TOO_SOON}' in page
    assert 'aria-describedby="error-resend">Send a new code</button>' in page
    assert 'aria-invalid="true"' not in page and 'id="error-code"' not in page
