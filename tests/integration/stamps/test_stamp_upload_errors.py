"""A stamp upload with no name and an SVG: both problems are said at once, each beside its
box and linked from the summary. Only the missing name was said; the SVG was refused on the
next try, after the name had been typed."""

from litestar.testing import AsyncTestClient

from runtime.stamps.service import list_stamps
from tests.integration.designer.conftest import Author, sign_in

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'


async def test_a_nameless_svg_is_refused_for_both_reasons(
    client: AsyncTestClient, author: Author
) -> None:
    token = await sign_in(client, author)
    answer = await client.post(
        "/designer/settings/stamps",
        data={"_csrf_token": token, "name": " "},
        files={"image": ("seal.svg", SVG, "image/svg+xml")},
    )
    assert answer.status_code == 422
    summary = answer.text.split('class="error-summary__list">')[1].split("</ul>")[0]
    assert summary == (
        '<li><a href="#stamp-name">Enter a name for the stamp, such as “Company seal”.</a></li>'
        '<li><a href="#stamp-image">SVG images are not accepted for stamps (they can contain '
        "scripts); upload a PNG or JPEG.</a></li>"
    )
    assert 'id="stamp-name-error">Enter a name' in answer.text
    assert 'id="stamp-image-error">SVG images are not accepted' in answer.text
    assert 'aria-invalid="true" aria-describedby="stamp-name-error"' in answer.text
    assert await list_stamps(author.organisation_id) == []
