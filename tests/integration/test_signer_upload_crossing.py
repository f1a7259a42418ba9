"""Two uploads to one attachment request that cross (two files chosen in two windows, or a
script sending them at once): both read the draft with room for one more file. The count
is checked again on the draft the file is added to (runtime/signing/drafts.py: each write
lands only on the draft it read), so the field never holds more than its max_files; the
upload that comes second is told "no more than 2 files" and its file is not kept."""

import asyncio
import threading
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.signing import drafts
from runtime.tables import AuditEvent, StoredFile
from tests.integration.claim_form import PDF, opened_claim, upload
from tests.integration.conftest import Org
from tests.integration.helpers import post_from_thread


class HeldDraftWrite:
    """Holds the first write made through `drafts.store_draft` (the one files go through)
    until `released`: that upload has stored its file and decided, and waits while another
    upload runs from start to end."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.released = threading.Event(), threading.Event()
        write = drafts.store_draft

        async def held(ctx: Any, draft: dict[str, Any], *notes: Any) -> None:
            if not self.reached.is_set():
                self.reached.set()
                await asyncio.to_thread(self.released.wait, 20)
            await write(ctx, draft, *notes)

        monkeypatch.setattr(drafts, "store_draft", held)


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_two_crossing_uploads_never_exceed_max_files(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    link, _ = await opened_claim(client, org)  # receipts: at most 2 files
    assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200

    held = HeldDraftWrite(monkeypatch)
    late = post_from_thread(
        client,
        f"{link}/files/receipts",
        files={"file": ("late.pdf", PDF, "application/pdf")},
        headers={"HX-Request": "true"},
    )
    assert await asyncio.to_thread(held.reached.wait, 5), "the first upload was held"
    first = await upload(client, f"{link}/files/receipts", "first.pdf", PDF)
    assert first.status_code == 200, first.text
    held.released.set()
    refused = await asyncio.wait_for(late, 20)

    assert refused.status_code == 422, refused.text
    assert "You can upload no more than 2 files here: remove one first (late.pdf)" in refused.text
    page = (await client.get(f"{link}/step/1")).text
    assert "a.pdf" in page and "first.pdf" in page
    assert "late.pdf" not in page, "two files at most"
    kept = await StoredFile.select(StoredFile.original_name).where(
        StoredFile.owner.like("recipient:%") & (StoredFile.original_name == "late.pdf")
    )
    assert kept == [], "the refused file is not kept"
    uploaded = (
        await AuditEvent.select(AuditEvent.data)
        .where(AuditEvent.action == "recipient.file_uploaded")
        .output(load_json=True)
    )
    assert not any(e["data"].get("name") == "late.pdf" for e in uploaded)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_upload_that_never_finds_the_draft_still_keeps_no_file(
    client: AsyncTestClient, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft written over by others at every attempt (drafts.ATTEMPTS): the upload
    answers 409 "being saved from somewhere else" and its stored file goes too."""
    link, _ = await opened_claim(client, org)

    async def always_changed(ctx: Any, draft: dict[str, Any], *notes: Any) -> None:
        raise drafts.DraftChanged

    monkeypatch.setattr(drafts, "store_draft", always_changed)
    busy = await upload(client, f"{link}/files/receipts", "busy.pdf", PDF)
    assert busy.status_code == 409 and "being saved from somewhere else" in busy.text
    kept = await StoredFile.select(StoredFile.id).where(StoredFile.original_name == "busy.pdf")
    assert kept == []
