"""An attachment request whose own limit is above what the server takes in one request
(FORMSEAL_MAX_UPLOAD_BYTES): the signer is told the server's, smaller, limit, and a file
between the two is refused with that limit named, not with a bare "too large"."""

from dataclasses import replace

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.claim_form import CLAIMANT
from tests.integration.conftest import Org, sent_envelope
from tests.integration.helpers import FORM, PDF, signer_at


async def test_the_signer_is_told_the_servers_smaller_limit(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    link, _ = await sent_envelope(client, org, FORM, CLAIMANT)
    async with signer_at(settings, link, files_kb=8) as signer:
        page = (await signer.get(f"{link}/step/1")).text
        assert "PDF, up to 8 KB each." in page
        assert 'data-max-size="8000"' in page
        assert 'data-too-large="The selected file must be smaller than 8 KB"' in page
        assert "1 MB" not in page

        # under the field's 1 MB, over the server's 8 KB: refused naming the real limit,
        # whether its body is refused unread (413) or read and judged (422)
        for size, status in ((100_000, 413), (20_000, 422)):
            refused = await signer.post(
                f"{link}/files/receipts",
                files={"file": ("big.pdf", PDF + b"0" * size, "application/pdf")},
                headers={"HX-Request": "true"},
            )
            assert refused.status_code == status
            assert "The selected file must be smaller than 8 KB" in refused.text

        fits = await signer.post(
            f"{link}/files/receipts",
            files={"file": ("small.pdf", PDF, "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert fits.status_code == 200, fits.text

    page = (await client.get(f"{link}/step/1")).text  # a server that takes 20 MB: the field's
    assert "PDF, up to 1 MB each." in page or "up to 1 MB" in page


async def test_a_step_sent_with_a_file_over_the_servers_limit_names_the_limit(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Without JavaScript the file comes with the step: a body over the server's limit is
    not read, and the step is shown again saying the limit, not a bare 413 page."""
    link, _ = await sent_envelope(client, org, FORM, CLAIMANT)
    async with signer_at(settings, link, files_kb=8) as signer:
        step = await signer.post(
            f"{link}/step/1",
            data={"__shown": "receipts"},
            files={"receipts__files": ("big.pdf", PDF + b"0" * 100_000, "application/pdf")},
        )
        assert step.status_code == 413
        assert 'class="error-summary"' in step.text
        assert "The selected file must be smaller than 8 KB" in step.text
        assert "<h1>Evidence</h1>" in step.text


def test_the_servers_limit_reads_as_a_round_size() -> None:
    from runtime.signing.views import upload_cap

    # the figure set, not less the form around the file (20 MB read "19 MB", 200 KB "136 KB"),
    # and bytes an operator set stay those bytes (20 MiB is not cut to 20,000,000)
    assert upload_cap(replace(Settings(), max_upload_bytes=20 * 1024 * 1024)) == 20 * 1024 * 1024
    assert upload_cap(replace(Settings(), max_upload_bytes=200_000)) == 200_000
    assert upload_cap(replace(Settings(), max_upload_bytes=8 * 1024)) == 8 * 1024


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


async def test_a_signatures_picture_is_held_to_the_servers_smaller_limit(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """A server that takes less than 5 MB in one request: the upload's hint names the
    server's limit, the page's script is given it to refuse a larger picture before sending,
    and the server refuses one with that limit named, with the page's script (JSON) and
    without it (the step shown again, never a bare 413 page)."""
    link, _ = await sent_envelope(client, org, FORM, CLAIMANT)
    told = "The picture of your signature must be smaller than 8 KB"
    async with signer_at(settings, link, files_kb=8) as signer:
        await signer.post(f"{link}/step/1", data={})
        page = (await signer.get(f"{link}/step/2")).text
        assert "PNG or JPG, up to 8 KB." in page and "5 MB" not in page
        assert f'data-max-size="8000" data-too-large="{told}"' in page

        for size, status in ((100_000, 413), (20_000, 422)):  # unread (413) or read (422)
            refused = await signer.post(
                f"{link}/signature/signature",
                files={"file": ("me.png", PNG + b"0" * size, "image/png")},
                headers={"HX-Request": "true"},
            )
            assert refused.status_code == status
            assert refused.json()["error"] == told

        step = await signer.post(  # without JavaScript the picture comes with the step
            f"{link}/step/2",
            data={"__shown": "signature"},
            files={"signature__upload": ("me.png", PNG + b"0" * 100_000, "image/png")},
        )
        assert step.status_code == 413
        assert 'class="error-summary"' in step.text and told in step.text
        assert "<h1>Sign</h1>" in step.text

        fits = await signer.post(
            f"{link}/signature/signature",
            files={"file": ("me.png", PNG, "image/png")},
            headers={"HX-Request": "true"},
        )
        assert fits.status_code == 200, fits.text


TWO_UPLOADS = {
    "name": "Claim",
    "roles": [{"key": "claimant", "name": "Claimant"}],
    "sections": [
        {
            "key": "evidence",
            "title": "Evidence",
            "role": "claimant",
            "fields": [
                {"key": "receipts", "component": "attachment", "label": "Receipts"},
                {"key": "photos", "component": "attachment", "label": "Photos"},
                {"key": "note", "component": "text", "label": "Note"},
            ],
        },
        {
            "key": "sign",
            "title": "Sign",
            "role": "claimant",
            "fields": [{"key": "signature", "component": "signature", "label": "Signature"}],
        },
    ],
}


async def test_only_the_question_whose_file_was_too_large_is_told(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Without JavaScript both files come with the step in one body, refused unread when
    over the server's limit: the refusal stands on the question whose file was too large,
    naming the file, not on every upload question of the step (a plain multipart post, as
    a browser without JavaScript sends it)."""
    link, _ = await sent_envelope(client, org, TWO_UPLOADS, CLAIMANT)
    told = "The selected file must be smaller than 8 KB"
    async with signer_at(settings, link, files_kb=8) as signer:
        for order in (("receipts", "photos"), ("photos", "receipts")):  # either part first
            files = {
                f"{order[0]}__files": ("small.pdf", PDF, "application/pdf"),
                f"{order[1]}__files": ("big.pdf", PDF + b"0" * 100_000, "application/pdf"),
            }
            step = await signer.post(
                f"{link}/step/1", data={"__shown": "receipts photos note"}, files=files
            )
            assert step.status_code == 413
            page = step.text
            summary = page[page.index('class="error-summary"') : page.index("</ul>")]
            assert f'href="#field-{order[1]}">{told} (big.pdf)</a>' in summary
            assert f"#field-{order[0]}" not in summary
            assert page.count(f"{told} (big.pdf)") == 2  # the summary and the one question
            assert f'id="error-{order[0]}"' not in page and f'id="error-{order[1]}"' in page

    # two files each under the limit, together over it (and the form's 64 KB): the larger
    # one's question is told of the files together, their total and the limit, not that
    # a file of 95 KB "must be smaller than 100 KB"
    async with signer_at(settings, link, files_kb=100) as signer:
        both = await signer.post(
            f"{link}/step/1",
            files={
                "receipts__files": ("a.pdf", PDF + b"0" * 90_000, "application/pdf"),
                "photos__files": ("b.pdf", PDF + b"0" * 95_000, "application/pdf"),
            },
        )
        assert both.status_code == 413
        told = (
            "The selected files are 185.1 KB together, more than the 100 KB that can be sent "
            "at once"
        )
        summary = both.text[both.text.index('class="error-summary"') :]
        assert f'href="#field-photos">{told}</a>' in summary, summary[:600]
        assert "must be smaller than 100 KB (" not in both.text and "(a.pdf)" not in both.text


def _multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A body as a browser without JavaScript sends it, parts in the given order."""
    boundary = "----formsealboundary7MA4YWxkTrZu0gW"
    body = b""
    for name, filename, value in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        kind = "Content-Type: application/pdf\r\n" if filename else ""
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n{kind}\r\n".encode()
        body += value + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


async def test_a_step_refused_for_a_large_file_keeps_what_was_typed(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Without JavaScript, the typed answers sent with a file over the server's limit came
    back empty: the signer typed them again as well as choosing the files. They are read
    from the refused body (before or after the file) and shown again, not stored."""
    link, _ = await sent_envelope(client, org, TWO_UPLOADS, CLAIMANT)
    note = "Colis perdu à Lyon, été 2026 & <fragile>"
    async with signer_at(settings, link, files_kb=8) as signer:
        for text_first in (True, False):
            parts = [("receipts__files", "big.pdf", PDF + b"0" * 100_000)]
            typed = [("__shown", None, b"receipts photos note"), ("note", None, note.encode())]
            body, kind = _multipart(typed + parts if text_first else parts + typed)
            step = await signer.post(f"{link}/step/1", content=body, headers={"Content-Type": kind})
            assert step.status_code == 413
            assert "The selected file must be smaller than 8 KB (big.pdf)" in step.text
            assert 'value="Colis perdu à Lyon, été 2026 &amp; &lt;fragile&gt;"' in step.text
        again = await signer.get(f"{link}/step/1")
        assert "Colis perdu" not in again.text  # shown again, not stored: nothing half-written

    # typed parts past the cap are not kept (a body of text, not answers)
    async with signer_at(settings, link, files_kb=100) as signer:
        body, kind = _multipart(
            [("note", None, b"x" * 300_000), ("receipts__files", "big.pdf", PDF + b"0" * 10)]
        )
        step = await signer.post(f"{link}/step/1", content=body, headers={"Content-Type": kind})
        assert step.status_code == 413
        assert "xxxxxxxxxx" not in step.text


async def test_typed_answers_count_in_the_total_that_was_too_large(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Files under the limit together, but typed answers past the form's 64 KB of room
    beside them: the refusal named only the files' total, which read as less than the
    limit ("The selected files are 58.7 KB together, more than the 100 KB"). It counts
    what was refused: the answers and the files, or the answers alone."""
    link, _ = await sent_envelope(client, org, TWO_UPLOADS, CLAIMANT)
    note = ("x" * 150_000).encode()
    async with signer_at(settings, link, files_kb=100) as signer:
        with_file = [("note", None, note), ("receipts__files", "a.pdf", PDF + b"0" * 60_000)]
        for parts, told in (
            (
                with_file,
                "Your answers and the selected files are 210.1 KB together, more than the "
                "100 KB that can be sent at once",
            ),
            (
                [("note", None, note + b"x" * 50_000)],
                "Your answers are 200 KB, more than the 100 KB that can be sent at once",
            ),
        ):
            body, kind = _multipart(parts)
            step = await signer.post(f"{link}/step/1", content=body, headers={"Content-Type": kind})
            assert step.status_code == 413
            summary = step.text[step.text.index('class="error-summary"') :]
            assert f'href="#field-receipts">{told}</a>' in summary, summary[:600]
            assert "The selected files are" not in step.text
