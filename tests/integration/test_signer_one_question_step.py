"""A step with one question worded as its heading shows the words once: the heading, with
the label kept for screen readers (visually hidden, still the input's label)."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, opened_envelope

INCIDENT = {
    "name": "Incident report",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "what",
            "title": "Describe the incident",
            "role": "customer",
            "fields": [
                {
                    "key": "story",
                    "component": "textarea",
                    "label": "Describe the incident",
                    "required": True,
                }
            ],
        },
        {
            "key": "you",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "name", "component": "text", "label": "Full name", "required": True},
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        },
    ],
    "document": [{"kind": "heading", "text": "Incident"}, {"kind": "fields"}],
}


def _slot_classes(page: str, key: str) -> str:
    found = re.search(rf'<div class="([^"]*)" id="slot-{key}"', page)
    assert found, key
    return found.group(1)


async def test_one_question_worded_as_the_heading_is_shown_once(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, INCIDENT)

    page = (await client.get(f"{link}/step/1")).text
    assert "<h1>Describe the incident</h1>" in page
    # the label is still there, naming the box, but styled away (it repeats the heading)
    assert '<label class="label" for="input-story">Describe the incident</label>' in page
    assert "field-slot--heading" in _slot_classes(page, "story")

    refused = (await client.post(f"{link}/step/1", data={})).text
    assert "field-slot--heading" in _slot_classes(refused, "story")
    assert "Answer “Describe the incident”" in refused.replace("&#34;", '"')


async def test_a_step_of_several_questions_keeps_every_label(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, INCIDENT)
    await client.post(f"{link}/step/1", data={"story": "A pipe burst."})

    page = (await client.get(f"{link}/step/2")).text
    assert "field-slot--heading" not in page


async def test_check_your_answers_says_a_one_question_steps_words_once(
    client: AsyncTestClient, org: Org
) -> None:
    """On Check your answers the step's title is the heading; its only question worded the
    same is not said again as the row's label (kept for screen readers), other steps' rows
    keep their labels."""
    link = await opened_envelope(client, org, INCIDENT)
    await client.post(f"{link}/step/1", data={"story": "A pipe burst."})
    await client.post(f"{link}/step/2", data={"name": "Cy Doe", "signature__typed": "Cy Doe"})

    page = (await client.get(f"{link}/review")).text
    seen = re.sub(r'<[^>]*class="[^"]*visually-hidden[^"]*"[^>]*>[^<]*<[^>]*>', "", page)
    seen = re.sub(r"<title>.*?</title>", "", seen, flags=re.S)
    assert seen.count("Describe the incident") == 1
    assert '<h2 class="summary-heading">Describe the incident</h2>' in page
    assert '<dt class="summary-list__key visually-hidden">Describe the incident</dt>' in page
    assert '<dt class="summary-list__key">Full name</dt>' in page
    assert "summary-list__row--heading" in page.split("About you")[0]
