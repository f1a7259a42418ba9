"""The /verify report's findings come in the page's language too (the API and `formseal
verify` keep them in English), and the report has the language switcher the upload page
has: it opens the upload page in the other language, since the file is not kept."""

from io import BytesIO

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfWriter

from runtime.settings import Settings
from tests.integration.conftest import Org
from tests.integration.verify_helpers import _sealed_pdf, _upload


def _findings(page: str) -> list[str]:
    block = page[page.index('<ul class="findings">') :]
    block = block[: block.index("</ul>")]
    return [item.split("</li>")[0] for item in block.split("<li>")[1:]]


async def test_findings_are_in_the_pages_language(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    writer = PdfWriter(BytesIO(pdf), incremental=True)
    writer.add_blank_page(200, 200)
    out = BytesIO()
    writer.write(out)

    french = _findings(await _upload(client, out.getvalue(), "fr"))
    assert (
        "Le document a été modifié après son scellement. Du contenu a été ajouté après le sceau."
        in french
    )
    assert any(item.startswith("1 page a été ajoutée après le scellement (") for item in french)
    assert "Le fichier n’est pas le PDF scellé conservé pour cette enveloppe." in french
    assert not any("sealing" in item or "sealed" in item for item in french), french

    english = _findings(await _upload(client, out.getvalue()))
    assert "The file is not the sealed PDF stored for this envelope." in english


@pytest.mark.parametrize("language", ["fr", "ms", "vi", "zh-CN"])
async def test_a_genuine_seals_findings_leave_no_english(
    client: AsyncTestClient, org: Org, settings: Settings, language: str
) -> None:
    _, pdf = await _sealed_pdf(client, org, settings)
    page = await _upload(client, pdf, language)
    findings = _findings(page)
    assert findings
    for item in findings:
        assert " the " not in item and "seal" not in item.lower(), item

    # the switcher public pages have; it opens the upload page, and the page says so
    assert '<form class="language-switcher" method="get" action="/verify">' in page
    assert f'<option value="{language}" lang=' in page and " selected>" in page
    assert "Check another document" not in page
