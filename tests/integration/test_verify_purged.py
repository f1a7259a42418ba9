"""/verify for a sealed PDF whose envelope was deleted at the end of its retention period:
the purge keeps a summary of the trail and the sealed PDF's SHA-256 (runtime/archive/purge.py),
so the report is still valid and says what the records can still vouch for. It read "Not
valid: the trail was rewritten or events were deleted" (docs/sealing.md)."""

import html
import uuid

from litestar.testing import AsyncTestClient

from runtime.archive.purge import purge_envelope
from runtime.settings import Settings
from tests.integration.conftest import Org
from tests.integration.verify_helpers import _row, _sealed_pdf, _upload


async def test_a_purged_envelopes_sealed_pdf_is_still_valid(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope_id, pdf = await _sealed_pdf(client, org, settings)
    assert await purge_envelope(settings, uuid.UUID(envelope_id), days=30)

    page = await _upload(client, pdf)
    assert '<h1 class="panel__title">Valid</h1>' in page
    assert "does not contain the event sealed into this PDF" not in page
    assert _row(page, "Matches this service's records").startswith(
        "Yes, before its data was deleted on 20"
    )
    assert _row(page, "Audit trail").startswith("Replaced by a summary on 20")
    body = " ".join(html.unescape(page).split())
    assert "The file is byte for byte the sealed PDF this service stored; the envelope's" in body
    assert "at the end of its retention period" in body

    french = await _upload(client, pdf, "fr")
    assert '<h1 class="panel__title">Valide</h1>' in french
    assert _row(french, "Journal d’audit").startswith("Remplacé par un résumé le 20")
