"""Check your answers shows each answer as the signer gave it, in any page language: an
answer is not a message to translate. A free-text "No" stayed "No" in the step and in the
sealed PDF but read "Non" on a French review page; an author's option "Yes" read "Oui"
there while the step's radio button said "Yes"; a row's text "Add at least 2 cats" read
"Ajoutez au moins 2 lignes : cat". Fixed words of the page (a tick box's Yes, a date)
are still in the page's language."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import SIGN_STEP, Org, opened_envelope

FORM = {
    "name": "Pets",
    "language": "en",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "you",
            "title": "About you",
            "role": "customer",
            "fields": [
                {"key": "allergies", "component": "text", "label": "Any allergies?"},
                {
                    "key": "owner",
                    "component": "radio",
                    "label": "Do you own the flat?",
                    "options": [{"value": "y", "label": "Yes"}, {"value": "n", "label": "No"}],
                },
                {
                    "key": "pets",
                    "component": "group",
                    "label": "Pets",
                    "fields": [{"key": "note", "component": "text", "label": "Note"}],
                },
                {"key": "agree", "component": "checkbox", "label": "I agree"},
            ],
        },
        SIGN_STEP,
    ],
    "document": [{"kind": "fields"}],
}


async def test_answers_on_a_french_review_are_as_given(client: AsyncTestClient, org: Org) -> None:
    link = await opened_envelope(client, org, FORM)
    await client.post(f"{link}/language", data={"language": "fr", "return": "/"})
    step = await client.post(
        f"{link}/step/1",
        data={
            "allergies": "No",
            "owner": "y",
            "pets__0__note": "Add at least 2 cats",
            "agree": "yes",
        },
    )
    assert step.status_code == 303, step.text
    await client.post(f"{link}/step/2", data={"signature__typed": "Bea"})
    review = (await client.get(f"{link}/review")).text
    assert "Vérifiez vos réponses" in review  # the page is French
    assert '<span class="summary-list__text">No</span>' in review  # typed: not "Non"
    assert '<span class="summary-list__text">Yes</span>' in review  # the author's option
    assert '<dd dir="auto">Add at least 2 cats</dd>' in review
    assert '<span class="summary-list__text">Oui</span>' in review  # the tick box: the page's word
    assert review.count("Oui") == 1 and "Non<" not in review
    assert "Ajoutez" not in review
