"""Preview of a template that asks for files: the preview uploads nothing (it stores
nothing), so a sample file stands in and a required request no longer stops the author
at its step; the review lists the sample, and the preview's answers never keep it."""

import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from
from tests.integration.designer.helpers import answers_in, seeded

ASKS_FOR_FILES = {
    "name": "Company check",
    "roles": [{"key": "client", "name": "Client"}],
    "sections": [
        {
            "key": "papers",
            "title": "Your papers",
            "role": "client",
            "fields": [
                {"key": "company_name", "component": "text", "label": "Company name"},
                {
                    "key": "extract",
                    "component": "attachment",
                    "label": "Company register extract",
                    "required": True,
                },
                {
                    "key": "photos",
                    "component": "attachment",
                    "label": "Photos of the premises",
                    "required": True,
                    "validation": {"accept": ["image/*"], "min_files": 2, "max_files": 3},
                },
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "client",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        },
    ],
}


async def test_a_required_file_request_is_passed_with_a_sample(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, ASKS_FOR_FILES)
    start = await client.get(f"{base}/preview")
    assert start.status_code == 200
    assert "the sample file sample-1.pdf (24 KB) stands in" in start.text
    assert "sample-1.png (24 KB), sample-2.png (24 KB)" in start.text  # as many as it asks
    assert "/files/extract" not in start.text  # no upload to a place that does not exist
    step2 = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": csrf_from(start.text),
            "role": "client",
            "step": "1",
            "answers": "{}",
            "company_name": "Ada Ltd",
        },
    )
    assert step2.status_code == 200, step2.text[-2000:]
    assert "Step 2 of 3" in step2.text and "There is a problem" not in step2.text
    assert json.loads(answers_in(step2.text)) == {"company_name": "Ada Ltd"}
    review = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": csrf_from(step2.text),
            "role": "client",
            "step": "2",
            "answers": answers_in(step2.text),
            "signature__typed": "Ada Lovelace",
        },
    )
    assert "Check your answers" in review.text, review.text[-2000:]
    assert "sample-1.pdf (24 KB)" in review.text


async def test_the_preview_tells_the_servers_limit_when_it_is_the_smaller(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A request for 25 MB on a server that takes 20 MB (FORMSEAL_MAX_UPLOAD_BYTES, the
    default) reads "up to 20 MB each" in the preview, as on the signer's step: the preview
    said 25 MB, which no signer is told."""
    definition = json.loads(json.dumps(ASKS_FOR_FILES))
    fields = definition["sections"][0]["fields"]
    fields[1]["validation"] = {"max_size": 25_000_000}
    fields[2]["validation"]["max_size"] = 5_000_000
    base = await seeded(client, signed_in, definition)
    start = await client.get(f"{base}/preview")
    assert start.status_code == 200
    assert "PDF, JPG or PNG, up to 20 MB each." in start.text
    assert "up to 25 MB" not in start.text
    assert "up to 5 MB each." in start.text  # its own limit, when it is the smaller
