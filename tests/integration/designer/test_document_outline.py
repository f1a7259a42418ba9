"""A long contract's outline on the Document tab (30 sections, ~90 clauses): the palette pane
lists the sections by number and heading, and the clauses of the section being edited by
number and first words, numbered as the PDF numbers them, as links that open each one.
Before, clause 28.2 lay ~9,000 px down the canvas with nothing pointing to it."""

import json
import re
import uuid
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from designer.tables import Draft
from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import seeded
from tests.long_contract import block_index, long_contract

DEMO = Path(__file__).parents[3] / "runtime" / "demo" / "service_agreement.json"
pytestmark = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question


def _outline(html: str) -> str:
    match = re.search(r'<nav class="outline".*?</nav>', html, re.S)
    assert match, "the Document tab shows no outline"
    return match.group(0)


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def _rows(outline: str, css: str) -> list[str]:
    """The words of each link of one kind (step-level rows or clause rows)."""
    return [_words(a) for a in re.findall(rf'<a class="outline__link {css}".*?</a>', outline, re.S)]


def _open_clauses(outline: str) -> list[str]:
    """The clause rows of the section shown open (the others' lists are hidden)."""
    lists = re.findall(r'<ol class="outline__fields">(.*?)</ol>', outline, re.S)
    assert len(lists) == 1, "one section open"
    return _rows(lists[0], "outline__link--clause")


def _open_sections(outline: str) -> list[str]:
    steps = re.findall(
        r'data-step="([^"]+)">.*?(?:<ol class="outline__fields"( hidden)?>|</li>)', outline, re.S
    )
    return [key for key, hidden in steps if not hidden]


async def test_a_long_contract_lists_its_sections_and_the_clauses_of_the_open_one(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = long_contract()
    base = await seeded(client, signed_in, definition)
    outline = _outline((await client.get(f"{base}/document")).text)
    assert 'id="outline-title">Sections<' in outline
    sections = _rows(outline, "outline__link--step")
    assert sections[0] == "1 Section 1 , 3 clauses" and sections[27] == "28 Section 28 , 3 clauses"
    assert len(sections) == 30 and not _open_sections(outline)  # no ninety clauses at once

    guarantee = block_index(definition, "guarantees")
    opened = (await client.get(f"{base}/document?select=block:{guarantee}")).text
    outline = _outline(opened)
    assert _open_sections(outline) == [f"block-{guarantee - 2}"]  # the heading of section 28
    clauses = _open_clauses(outline)
    assert clauses[1] == "28.2 {{ guarantor_name }} guarantees the Client's obligations"
    assert clauses[0] == "28.1 The parties agree that this clause applies throughout …"
    link = re.search(rf'<a [^>]*data-select="block:{guarantee}"[^>]*>', outline)
    assert link and 'aria-current="true"' in link.group(0)
    # a plain link (no JavaScript needed) to the Document tab, and htmx opens its properties
    # there (tab=document: saving them redraws the document, not the form)
    assert f'href="{base}/document?select=block%3A{guarantee}"' in link.group(0)
    assert f'hx-get="{base}/properties?select=block%3A{guarantee}&amp;tab=document"' in link.group(
        0
    )
    assert (
        'class="doc-block doc-block--paragraph is-selected"' in opened
    )  # the editor scrolls to it

    # the conditional clause 20.1 is marked; choosing the heading of section 20 opens it
    renews = block_index(definition, "renews")
    twenty = _outline((await client.get(f"{base}/document?select=block:{renews - 1}")).text)
    assert _open_clauses(twenty)[0] == (
        "20.1 It renews for further terms of twelve months If (conditional)"
    )
    assert re.search(rf'data-select="block:{renews - 1}"[^>]*aria-current="true"', twenty)


async def test_renaming_a_section_renames_it_in_the_outline(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = long_contract()
    base = await seeded(client, signed_in, definition)
    heading = block_index(definition, "guarantees") - 2
    row = await Draft.select(Draft.revision).where(Draft.id == uuid.UUID(base.rsplit("/", 1)[1]))
    renamed = await client.post(
        f"{base}/properties",
        data={"item": f"block:{heading}", "tab": "document", "text": "Guarantee", "level": "2"},
        headers=hx(signed_in, int(row[0]["revision"])),
    )
    assert renamed.status_code == 200, renamed.text
    outline = _outline(renamed.text)
    assert 'hx-swap-oob="true"' in outline
    assert _rows(outline, "outline__link--step")[27] == "28 Guarantee , 3 clauses"


async def test_a_contract_without_sections_lists_its_clauses_as_the_pdf_numbers_them(
    client: AsyncTestClient, signed_in: str
) -> None:
    definition = long_contract()
    definition["document"] = [b for b in definition["document"] if b.get("level") != 2]
    base = await seeded(client, signed_in, definition)
    outline = _outline((await client.get(f"{base}/document")).text)
    assert 'id="outline-title">Clauses<' in outline
    rows = _rows(outline, "outline__link--step")
    assert len(rows) == 90 and rows[82].startswith("83 {{ guarantor_name }} guarantees")


async def test_a_short_contract_has_no_outline(client: AsyncTestClient, signed_in: str) -> None:
    base = await seeded(client, signed_in, json.loads(DEMO.read_text()))
    page = (await client.get(f"{base}/document")).text
    assert 'class="doc-block' in page and 'class="outline"' not in page


async def test_the_document_canvas_numbers_sections_and_clauses_as_the_pdf_does(
    client: AsyncTestClient, signed_in: str
) -> None:
    """The properties and the publish check name "clause 28.2", and the PDF prints the
    numbers, but the canvas showed none: the author had to count paragraphs to find it."""
    definition = long_contract()
    base = await seeded(client, signed_in, definition)
    page = (await client.get(f"{base}/document")).text
    index = block_index(definition, "guarantees")
    block = page.split(f'data-index="{index}"')[1].split("</li>")[0]
    assert '<div class="doc-clause"><span class="doc-number">28.2</span>' in block
    assert "guarantees the Client" in block
    headings = re.findall(
        r'<p class="doc-heading doc-heading--2"><span class="doc-number">(\d+)<', page
    )
    assert headings == [str(n) for n in range(1, 31)]
    # the title is not numbered
    assert '<p class="doc-heading doc-heading--1">Master services agreement</p>' in page
