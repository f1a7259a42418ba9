"""The signer's cap over every file request (FORMSEAL_SIGNER_ATTACHMENT_MAX_FILES), without
JavaScript. At the cap the chooser stays in the tab order (aria-disabled, described by its
hint), so a keyboard or screen-reader user still reaches the question and hears why no more
files are taken; it was `disabled`, and left the tab order. A file sent anyway with the step
is refused by the server, once and in a few words ("You cannot upload more files (d.pdf)",
in the summary and beside the question), the hint alone saying why: the refusal repeated
the hint's long words beside it, so the page said the same thing twice."""

import copy
import html
import re
from dataclasses import replace
from typing import Any

import pytest
from httpx import Response
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.claim_form import CLAIM_FORM, PDF, opened_claim, upload
from tests.integration.conftest import app_client, new_org

LONG_WORDS = "the most one person may upload for this document"
AT_CAP = (
    "You have uploaded 3 files, the most one person may upload for this document (files you"
    " removed count too). Contact the sender if you need to send more."
)


def five_receipts() -> dict[str, Any]:
    """The claim form whose receipts take up to 5 files (more than the cap of 3)."""
    form = copy.deepcopy(CLAIM_FORM)
    form["sections"][0]["fields"][1]["validation"]["max_files"] = 5
    return form


def words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def chooser(page: str) -> str:
    found = re.search(r'<input class="file-upload" type="file" id="input-receipts"[^>]*>', page)
    assert found, "no chooser"
    return found.group(0)


def summary_links(page: str) -> list[tuple[str, str]]:
    found = re.search(r'<div class="error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return [
        (href, words(text))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(0), re.S)
    ]


def field_error(page: str) -> str:
    found = re.search(r'<p class="field-error" id="error-receipts"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error beside the question"
    return words(found.group(1))


def hint(page: str) -> str:
    found = re.search(r'<div class="hint" id="rules-receipts">(.*?)</div>', page, re.S)
    assert found, "no hint"
    return words(found.group(1))


async def sent_with_step(client: AsyncTestClient, link: str, *names: str) -> Response:
    """The step posted as a browser without JavaScript sends it, with `names` chosen."""
    return await client.post(
        f"{link}/step/1",
        data={"name": "Cy"},
        files=[("receipts__files", (name, PDF, "application/pdf")) for name in names],
    )


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_at_the_cap_the_chooser_is_reachable_and_a_file_sent_is_refused_once(
    settings: Settings,
) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), five_receipts())
        for name in ("a.pdf", "b.pdf", "c.pdf"):
            assert (await upload(client, f"{link}/files/receipts", name, PDF)).status_code == 200

        page = (await client.get(f"{link}/step/1")).text
        tag = chooser(page)
        assert " disabled" not in tag, "a disabled chooser leaves the tab order"
        assert 'aria-disabled="true"' in tag and "data-at-cap" in tag
        assert re.search(r'aria-describedby="[^"]*\brules-receipts\b', tag), "its hint is read"
        assert hint(page).endswith(AT_CAP)
        assert "Files you choose are uploaded when you select Continue." not in page

        refused = await sent_with_step(client, link, "d.pdf")
        assert refused.status_code == 422, refused.text
        page = refused.text
        assert summary_links(page) == [("#field-receipts", "You cannot upload more files (d.pdf)")]
        assert field_error(page) == "Error: You cannot upload more files (d.pdf)"
        assert 'aria-describedby="rules-receipts error-receipts"' in chooser(page)
        assert hint(page).endswith(AT_CAP)
        assert words(page).count(LONG_WORDS) == 1, "said once, by the hint"
        files = re.findall(r'class="file-list__name"[^>]*>([^<]*)<', page)
        assert files == ["a.pdf", "b.pdf", "c.pdf"], "d.pdf was not taken"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_step_that_reaches_the_cap_says_so_in_its_hint(settings: Settings) -> None:
    """Two files sent with the step when one place is left: the first is taken, the second
    refused in a few words, and the hint (counted after the files, not before) says why."""
    async with app_client(replace(settings, signer_attachment_max_files=3)) as client:
        link, _ = await opened_claim(client, await new_org(), five_receipts())
        for name in ("a.pdf", "b.pdf"):
            assert (await upload(client, f"{link}/files/receipts", name, PDF)).status_code == 200
        refused = await sent_with_step(client, link, "c.pdf", "d.pdf")
        assert refused.status_code == 422, refused.text
        page = refused.text
        assert field_error(page) == "Error: You cannot upload more files (d.pdf)"
        assert hint(page).endswith(AT_CAP)
        assert words(page).count(LONG_WORDS) == 1
        assert 'aria-disabled="true"' in chooser(page)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_the_refusal_in_french(settings: Settings) -> None:
    async with app_client(replace(settings, signer_attachment_max_files=1)) as client:
        link, _ = await opened_claim(client, await new_org(), five_receipts())
        await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/"})
        assert (await upload(client, f"{link}/files/receipts", "a.pdf", PDF)).status_code == 200
        refused = await sent_with_step(client, link, "b.pdf")
        assert refused.status_code == 422
        assert field_error(refused.text) == (
            "Erreur : Vous ne pouvez plus téléverser de fichiers (b.pdf)"  # words(): one space
        )
