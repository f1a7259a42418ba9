"""A file request's hint tells the smaller room: the request's own ("You can upload up to
5 files.") or what the signer's cap over every request (FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES)
leaves. With a cap of 3 and one file uploaded the hint said "up to 5 files" and the third
more was refused; it now says "You can upload 2 more files." (a removed file still counts),
and at the cap it says so in the refusal's words."""

import copy
import html
import re
from dataclasses import replace
from typing import Any

import pytest

from runtime.settings import Settings
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import app_client, new_org


def _roomy_form() -> dict[str, Any]:
    """The claim form with room for five receipts."""
    form = copy.deepcopy(CLAIM_FORM)
    receipts = form["sections"][0]["fields"][1]
    assert receipts["key"] == "receipts"
    receipts["validation"]["max_files"] = 5
    return form


def _hint(page: str) -> str:
    found = re.search(r'<div class="hint" id="rules-receipts">(.*?)</div>', page, re.S)
    assert found, "no hint for the receipts"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_the_hint_tells_the_places_the_signers_cap_leaves(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        url = f"{link}/files/receipts"
        # nothing uploaded: the request's own 5 is more than the cap's 3
        assert _hint((await client.get(f"{link}/step/1")).text).endswith(
            "You can upload up to 3 files."
        )
        first = await upload(client, url, "a.pdf", PDF)
        assert first.status_code == 200, first.text
        file_id = first.text.split("/files/")[1].split("/")[0]
        removed = await client.post(f"{url}/{file_id}/remove", headers={"HX-Request": "true"})
        assert removed.status_code == 200
        # removed, it still counts: 2 left, not 3
        hint = _hint((await client.get(f"{link}/step/1")).text)
        assert hint.endswith("You can upload 2 more files."), hint
        assert "up to 5" not in hint
        assert (await upload(client, url, "b.pdf", PDF)).status_code == 200
        assert _hint((await client.get(f"{link}/step/1")).text).endswith(
            "You can upload 1 more file."
        )
        assert (await upload(client, url, "c.pdf", PDF)).status_code == 200
        assert _hint((await client.get(f"{link}/step/1")).text).endswith(
            "You have uploaded 3 files, the most one person may upload for this document (files"
            " you removed count too). Contact the sender if you need to send more."
        )


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_requests_own_room_is_told_when_it_is_the_smaller(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=50)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        assert _hint((await client.get(f"{link}/step/1")).text).endswith(
            "You can upload up to 5 files."
        )


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
async def test_the_hint_in_french(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=2)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        page = await client.get(f"{link}/step/1", headers={"Accept-Language": "fr"})
        assert _hint(page.text).endswith("Vous pouvez téléverser jusqu’à 2 fichiers.")
        assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
        page = await client.get(f"{link}/step/1", headers={"Accept-Language": "fr"})
        assert _hint(page.text).endswith("Vous pouvez encore téléverser 1 fichier.")


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
async def test_an_uploads_answer_brings_the_hints_new_count(settings: Settings) -> None:
    """The page script puts it in the hint: the page is not loaded again after an upload."""
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), _roomy_form())
        page = (await client.get(f"{link}/step/1")).text
        assert page.count("data-files-left") == 1, "only the hint's, none in the list"
        answer = await upload(client, f"{link}/files/receipts", "a.pdf", PDF)
        found = re.search(
            r'<span hidden data-files-left="receipts">(.*?)</span>', answer.text, re.S
        )
        assert found and found.group(1).strip() == "You can upload 2 more files."
