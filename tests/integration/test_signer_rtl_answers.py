"""Answers in Arabic or Hebrew read right to left, with their punctuation where it belongs,
inside a page or document in any language: free-text inputs and the review say dir="auto",
and the PDF (WeasyPrint knows no dir="auto") marks such an answer's cell dir="rtl"."""

from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from components.definition import parse_definition
from runtime.envelopes.document import build_blocks, text_direction
from runtime.sealing.document import build_document_html
from runtime.sealing.sample import sample_seal_input
from tests.integration.conftest import SIGN_STEP, Org, opened_envelope

THEMES = Path(__file__).resolve().parents[2] / "themes"
FORM = {
    "name": "Right to left",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "about",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name"},
                {"key": "story", "component": "textarea", "label": "Tell us more"},
                {"key": "email", "component": "email", "label": "Email"},
            ],
        },
        SIGN_STEP,
    ],
}


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_right_to_left_answers_read_right_to_left(client: AsyncTestClient, org: Org) -> None:
    link = await opened_envelope(client, org, FORM)
    step = (await client.get(f"{link}/step/1")).text
    assert 'id="input-full_name" name="full_name"' in step
    assert step.count('dir="auto"') == 2, "the name and the story; not the email address"
    assert 'rows="4" dir="auto"' in step
    answered = await client.post(
        f"{link}/step/1",
        data={"full_name": "سارة الأحمد", "story": "שלום עולם.", "email": "  sara@Example.com "},
    )
    assert answered.status_code == 303
    await client.post(f"{link}/step/2", data={"signature__typed": "سارة الأحمد"})
    review = (await client.get(f"{link}/review")).text
    values = review.split('<dd class="summary-list__value" dir="auto">')
    assert len(values) == 5, "every answer's value decides its own direction"
    assert "سارة الأحمد</span>" in values[1] and "typed-signature" in values[4]
    assert "sara@example.com" in review  # pasted with spaces: kept without them

    assert (text_direction("  ١٢ سارة"), text_direction("Sara سارة")) == ("rtl", "ltr")
    definition = parse_definition(FORM)
    answers = {"full_name": "سارة الأحمد.", "story": "Hello", "email": "sara@example.com"}
    blocks = build_blocks(definition, answers, [])
    html = build_document_html(replace(sample_seal_input(), blocks=blocks), themes_dir=THEMES)
    assert '<td dir="rtl">سارة الأحمد.</td>' in html
    assert "<td>Hello</td>" in html and "<td>sara@example.com</td>" in html
