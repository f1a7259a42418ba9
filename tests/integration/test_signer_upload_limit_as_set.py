"""The upload limit a signer is told is FORMSEAL_MAX_UPLOAD_BYTES as set, and a file of that
size goes, with the page's script (one file a request) and without it (the file with the
step). 64 KB for the form around the file used to be taken from it: 200 KB set read "up to
136 KB each" (131 KB for 200,000 bytes) and a 150 KB file was refused. Now a request may be
64 KB larger than the file (docs/signer-help.md, docs/settings.md)."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.claim_form import CLAIMANT
from tests.integration.conftest import Org, sent_envelope
from tests.integration.helpers import FORM, PDF, signer_at

KB = 1000


def _pdf(size: int) -> bytes:
    return PDF + b"0" * (size - len(PDF))


async def test_a_file_of_the_limit_as_set_goes_and_the_hint_says_it(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    link, _ = await sent_envelope(client, org, FORM, CLAIMANT)
    async with signer_at(settings, link, files_kb=200) as signer:
        page = (await signer.get(f"{link}/step/1")).text
        assert "PDF, up to 200 KB each." in page
        assert 'data-max-size="200000"' in page
        assert 'data-too-large="The selected file must be smaller than 200 KB"' in page

        over = await signer.post(
            f"{link}/files/receipts",
            files={"file": ("over.pdf", _pdf(201 * KB), "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert over.status_code == 422
        assert "The selected file must be smaller than 200 KB (over.pdf)" in over.text

        exactly = await signer.post(
            f"{link}/files/receipts",
            files={"file": ("exactly.pdf", _pdf(200 * KB), "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert exactly.status_code == 200, exactly.text
        assert "exactly.pdf" in exactly.text

        # without JavaScript the same file comes with the step, in a body above 200 KB
        step = await signer.post(
            f"{link}/step/1",
            data={"__shown": "receipts"},
            files={"receipts__files": ("again.pdf", _pdf(200 * KB), "application/pdf")},
        )
        assert step.status_code == 303, step.text[:2000]
