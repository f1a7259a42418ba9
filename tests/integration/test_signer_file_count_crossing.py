"""Two uploads crossing for a signer's last free place under the account-wide cap
(FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES, over every attachment request): both counted the
signer's files before either was stored, so the signer ended with one file more than the
cap. The count is made again once the file is stored, beside the draft write it goes in
with (runtime/signing/drafts.py change_draft's check, read again when another request wrote
first), as the request's own max_files is (test_signer_upload_crossing.py)."""

import asyncio
import copy
import threading
from dataclasses import replace
from typing import Any

import pytest

from runtime.settings import Settings
from runtime.signing import uploads
from runtime.tables import AuditEvent, StoredFile
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import app_client, new_org
from tests.integration.helpers import post_from_thread

CAP = 2


class HeldStore:
    """Holds the first upload that stores its file (runtime/files.store_stream), after it
    counted the signer's files and found room, until `released`: another upload runs from
    start to end meanwhile."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.released = threading.Event(), threading.Event()
        store = uploads.store_stream

        async def held(*args: Any, **kwargs: Any) -> Any:
            if not self.reached.is_set():
                self.reached.set()
                await asyncio.to_thread(self.released.wait, 20)
            return await store(*args, **kwargs)

        monkeypatch.setattr(uploads, "store_stream", held)


def _roomy_form() -> dict[str, Any]:
    """The claim form with room for five receipts: only the account's cap can refuse."""
    form = copy.deepcopy(CLAIM_FORM)
    receipts = form["sections"][0]["fields"][1]
    assert receipts["key"] == "receipts"
    receipts["validation"]["max_files"] = 5
    return form


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_two_crossing_uploads_never_exceed_the_signers_cap(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=CAP)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        url = f"{link}/files/receipts"
        assert (await upload(client, url, "a.pdf", PDF)).status_code == 200

        held = HeldStore(monkeypatch)
        late = post_from_thread(
            client,
            url,
            files={"file": ("late.pdf", PDF, "application/pdf")},
            headers={"HX-Request": "true"},
        )
        assert await asyncio.to_thread(held.reached.wait, 5), "the first upload was held"
        first = await upload(client, url, "first.pdf", PDF)
        assert first.status_code == 200, first.text
        held.released.set()
        refused = await asyncio.wait_for(late, 20)

        assert refused.status_code == 422, refused.text
        assert f"You have uploaded {CAP} files, the most one person may upload" in refused.text
        assert "(late.pdf)" in refused.text
        page = (await client.get(f"{link}/step/1")).text
        assert "a.pdf" in page and "first.pdf" in page
        assert "late.pdf" not in page, f"{CAP} files at most"
        owner = await StoredFile.select(StoredFile.owner).where(
            StoredFile.original_name == "first.pdf"
        )
        kept = await StoredFile.select(StoredFile.original_name).where(
            StoredFile.owner == owner[-1]["owner"]
        )
        assert sorted(k["original_name"] for k in kept) == ["a.pdf", "first.pdf"]
        uploaded = (
            await AuditEvent.select(AuditEvent.data)
            .where(AuditEvent.action == "recipient.file_uploaded")
            .output(load_json=True)
        )
        assert not any(e["data"].get("name") == "late.pdf" for e in uploaded)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_removed_file_still_counts_and_the_refusal_says_so(settings: Settings) -> None:
    """Removing a file keeps it for the audit, so it still counts: the refusal said "Remove
    some before adding more", which frees nothing."""
    async with app_client(replace(settings, signer_attachment_max_files=CAP)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        url = f"{link}/files/receipts"
        first = await upload(client, url, "a.pdf", PDF)
        assert (await upload(client, url, "b.pdf", PDF)).status_code == 200
        file_id = first.text.split("/files/")[1].split("/")[0]
        removed = await client.post(f"{url}/{file_id}/remove", headers={"HX-Request": "true"})
        assert removed.status_code == 200 and file_id not in removed.text

        refused = await upload(client, url, "c.pdf", PDF)
        assert refused.status_code == 422, refused.text
        # the refusal is short, the hint sent with it says why (test_signer_upload_cap_step)
        assert "You cannot upload more files (c.pdf)" in refused.text
        assert (
            "You have uploaded 2 files, the most one person may upload for this document (files"
            " you removed count too). Contact the sender if you need to send more."
        ) in refused.text
        assert "Remove some" not in refused.text
