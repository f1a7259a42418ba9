"""The signer's cap over every file request (FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES) is shared
by the file questions of a step. An upload's answer carried the new count for its own
question only, so the other questions' hints kept the old count until the page was loaded
again; it now carries every file question's hint of the step. At the cap each chooser is
aria-disabled (still in the tab order) and its hint says why, once: the refusal of a file sent anyway (two windows, a
race) says only "You cannot upload more files (d.pdf)", not the hint's long words again."""

import copy
import html
import re
from dataclasses import replace
from typing import Any

import pytest

from runtime.settings import Settings
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import app_client, new_org

AT_CAP = (
    "You have uploaded 3 files, the most one person may upload for this document (files you"
    " removed count too). Contact the sender if you need to send more."
)


def two_requests() -> dict[str, Any]:
    """The claim form with receipts (up to 5) and, on the same step, tickets (up to 4)."""
    form = copy.deepcopy(CLAIM_FORM)
    fields = form["sections"][0]["fields"]
    fields[1]["validation"]["max_files"] = 5
    tickets = copy.deepcopy(fields[1])
    tickets.update({"key": "tickets", "label": "Tickets", "required": False})
    tickets["validation"].update({"max_files": 4, "min_files": 0})
    fields.append(tickets)
    return form


def answered_hints(answer: str) -> dict[str, str]:
    """The hints an upload's answer brings, by question: the page script puts them in place."""
    return {
        key: " ".join(html.unescape(text).split())
        for key, text in re.findall(
            r'<span hidden data-files-left="([a-z_]+)"[^>]*>(.*?)</span>', answer, re.S
        )
    }


def page_hint(page: str, key: str) -> str:
    found = re.search(rf'<div class="hint" id="rules-{key}">(.*?)</div>', page, re.S)
    assert found, f"no hint for {key}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def chooser(page: str, key: str) -> str:
    found = re.search(rf'<input class="file-upload" type="file" id="input-{key}"[^>]*>', page)
    assert found, f"no chooser for {key}"
    return found.group(0)


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_an_upload_brings_every_hint_of_the_step(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), two_requests())
        answer = await upload(client, f"{link}/files/receipts", "a.pdf", PDF)
        assert answer.status_code == 200, answer.text
        # the tickets take none of the receipt's place, but the cap now leaves them 2
        assert answered_hints(answer.text) == {
            "receipts": "You can upload 2 more files.",
            "tickets": "You can upload 2 more files.",
        }
        assert "data-at-cap" not in answer.text


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_at_the_cap_the_choosers_are_greyed_and_say_why_once(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), two_requests())
        for name in ("a.pdf", "b.pdf"):
            assert (await upload(client, f"{link}/files/receipts", name, PDF)).status_code == 200
        last = await upload(client, f"{link}/files/tickets", "c.pdf", PDF)
        assert last.status_code == 200, last.text
        assert answered_hints(last.text) == {"receipts": AT_CAP, "tickets": AT_CAP}
        assert last.text.count("data-at-cap") == 2

        page = (await client.get(f"{link}/step/1")).text
        for key in ("receipts", "tickets"):
            assert page_hint(page, key).endswith(AT_CAP)
            assert ' aria-disabled="true" data-at-cap' in chooser(page, key)
        assert page.count("the most one person may upload") == 2, "once a question"

        # a file sent anyway (another window) is refused in a few words: the hint says why
        refused = await upload(client, f"{link}/files/tickets", "d.pdf", PDF)
        assert refused.status_code == 422, refused.text
        error = re.search(r"<p class=\"field-error\"[^>]*>(.*?)</p>", refused.text, re.S)
        assert error, refused.text
        words = " ".join(re.sub(r"<[^>]+>", " ", error.group(1)).split())
        assert words == "Error: You cannot upload more files (d.pdf)"
        assert answered_hints(refused.text)["tickets"] == AT_CAP


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_short_refusal_in_french(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=1)) as client:
        link, _ = await opened_claim(client, await new_org(), two_requests())
        assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
        refused = await client.post(
            f"{link}/files/tickets",
            files={"file": ("b.pdf", PDF, "application/pdf")},
            headers={"HX-Request": "true", "Accept-Language": "fr"},
        )
        assert refused.status_code == 422
        assert "Vous ne pouvez plus téléverser de fichiers (b.pdf)" in html.unescape(refused.text)
