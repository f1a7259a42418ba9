"""Without JavaScript the files a signer chose at once go with the step: when several are
refused, each is named, on a line of its own in the error summary (each linking to the
question) and beside the question, in the signer's language. Only the last refused file
was named ("… (b.pdf)"), so a signer who chose four files could not tell that a.pdf was
refused too. The same for files over the server's limit (the step's body refused unread),
where only the first was named."""

import copy
import html
import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.claim_form import CLAIM_FORM, CLAIMANT, PDF, opened_claim
from tests.integration.conftest import Org, sent_envelope
from tests.integration.helpers import FORM, signer_at

HTML = b"<!doctype html><html><body>not a receipt</body></html>"
TOO_BIG = PDF + b"0" * 5000  # over the receipts' 4 KB


def four_receipts() -> dict[str, Any]:
    """The claim form whose receipts take up to 4 files."""
    form = copy.deepcopy(CLAIM_FORM)
    form["sections"][0]["fields"][1]["validation"]["max_files"] = 4
    return form


def words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def summary_links(page: str) -> list[tuple[str, str]]:
    found = re.search(r'<div class="error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return [
        (href, words(text))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(0), re.S)
    ]


def beside(page: str, key: str) -> list[str]:
    """The lines of the error beside the question `key`."""
    found = re.search(rf'<p class="field-error" id="error-{key}"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error beside the question"
    return [words(line) for line in found.group(1).split("<br>")]


async def chose(client: AsyncTestClient, link: str, files: list[tuple[str, bytes]]) -> str:
    """The step posted as a browser without JavaScript sends it, `files` chosen at once."""
    step = await client.post(
        f"{link}/step/1",
        data={"name": "Cy", "__shown": "name receipts"},
        files=[("receipts__files", (name, data, "application/pdf")) for name, data in files],
    )
    assert step.status_code == 422, step.text[:500]
    return step.text


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_each_refused_file_is_named(client: AsyncTestClient, org: Org) -> None:
    link, _ = await opened_claim(client, org, four_receipts())
    page = await chose(
        client,
        link,
        [("a.pdf", HTML), ("taken.pdf", PDF), ("big.pdf", TOO_BIG), ("b.pdf", HTML)],
    )
    told = [
        "The selected file must be a PDF or PNG (a.pdf)",
        "The selected file must be smaller than 4 KB (big.pdf)",
        "The selected file must be a PDF or PNG (b.pdf)",
    ]
    assert summary_links(page) == [("#field-receipts", line) for line in told]
    assert beside(page, "receipts") == ["Error: " + told[0], *told[1:]]
    files = re.findall(r'class="file-list__name"[^>]*>([^<]*)<', page)
    assert files == ["taken.pdf"], "the file that passed was taken"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_each_refused_file_is_named_in_french(client: AsyncTestClient, org: Org) -> None:
    link, _ = await opened_claim(client, org, four_receipts())
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/"})
    page = await chose(client, link, [("a.pdf", HTML), ("big.pdf", TOO_BIG)])
    told = [
        "Le fichier sélectionné doit être au format PDF ou PNG (a.pdf)",
        "Le fichier sélectionné doit faire moins de 4 ko (big.pdf)",  # words(): one space
    ]
    assert [line for _href, line in summary_links(page)] == told
    assert beside(page, "receipts") == ["Erreur : " + told[0], told[1]]


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
async def test_each_file_over_the_servers_limit_is_named(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """The step's body over FORMSEAL_MAX_UPLOAD_BYTES is refused unread (413): every file
    over the limit is named, not only the first."""
    link, _ = await sent_envelope(client, org, FORM, CLAIMANT)
    big = PDF + b"0" * 100_000
    async with signer_at(settings, link, files_kb=8) as signer:
        step = await signer.post(
            f"{link}/step/1",
            data={"__shown": "receipts"},
            files=[
                ("receipts__files", (name, big, "application/pdf"))
                for name in ("one.pdf", "two.pdf")
            ],
        )
    assert step.status_code == 413
    told = [
        f"The selected file must be smaller than 8 KB ({name})" for name in ("one.pdf", "two.pdf")
    ]
    assert summary_links(step.text) == [("#field-receipts", line) for line in told]
    assert beside(step.text, "receipts") == ["Error: " + told[0], told[1]]
