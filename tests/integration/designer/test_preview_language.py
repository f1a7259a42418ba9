"""The preview shows formseal's own words in the signer's language the author picks (by
default the template's): buttons, the step caption and error messages, as a signer with
that language sees them; the author's questions stay as written."""

import copy
import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from
from tests.integration.designer.helpers import LOAN, SIGNED_FORM, answers_in, seeded


async def test_the_preview_in_the_templates_language_and_in_a_chosen_one(
    client: AsyncTestClient, signed_in: str
) -> None:
    french = copy.deepcopy(SIGNED_FORM)
    french["language"] = "fr"
    base = await seeded(client, signed_in, french)
    start = await client.get(f"{base}/preview")
    assert "Étape 1 sur" in start.text and ">Continuer</button>" in start.text
    assert '<option value="fr" selected>Français (the template\'s)</option>' in start.text
    assert "Preview as" in start.text  # the designer around it stays English
    missing = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": csrf_from(start.text),
            "step": "1",
            "answers": "{}",
            "language": "zh_CN",
        },
    )
    assert missing.status_code == 422
    assert "出现问题" in missing.text and "第 1 步" in missing.text  # "There is a problem"
    assert 'name="language" value="zh-CN"' in missing.text  # kept for the next step
    english = await client.get(f"{base}/preview?language=en")
    assert "Step 1 of" in english.text and ">Continue</button>" in english.text


async def test_showing_another_language_keeps_the_answers_and_what_is_typed(
    client: AsyncTestClient, signed_in: str
) -> None:
    """The signer's language → Show was a plain link that started the preview again: the
    answers given so far and what was typed on the step were gone. On a step, Show submits
    the step's form (as the browser does with form="preview-step"), and stays on it."""
    base = await seeded(client, signed_in, LOAN)
    start = await client.get(f"{base}/preview")
    assert 'name="to_language" aria-describedby="preview-language-hint" form="preview-step"' in (
        start.text
    )
    assert 'name="do" value="language" form="preview-step" formnovalidate>Show' in start.text
    earlier = json.dumps({"guarantor_name": "Gus"})  # another party's, given before
    step = {"_csrf_token": csrf_from(start.text), "role": "customer", "step": "1"}
    typed = {"applicant_type": "company", "company_name": "Acme Ltd"}
    french = await client.post(
        f"{base}/preview",
        data={**step, **typed, "answers": earlier, "to_language": "fr", "do": "language"},
    )
    assert french.status_code == 200
    assert "Étape 1 sur" in french.text and ">Continuer</button>" in french.text
    assert 'name="company_name"' in french.text and 'value="Acme Ltd"' in french.text
    kept = json.loads(answers_in(french.text))
    assert kept["guarantor_name"] == "Gus" and kept["company_name"] == "Acme Ltd"
    assert 'name="language" value="fr"' in french.text  # Continue goes on in French

    # on "Check your answers" (no step form) Show posts its own form and stays there
    review = {**step, "step": "2", "answers": answers_in(french.text), "language": "fr"}
    english = await client.post(
        f"{base}/preview", data={**review, "to_language": "en", "do": "language"}
    )
    assert "Check your answers" in english.text and "Acme Ltd" in english.text


async def test_amounts_read_the_preview_languages_way_and_survive_showing_another(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A Vietnamese template's preview writes amounts as a Vietnamese signer reads them
    (it wrote "GBP 42,000.00"); an amount typed the Vietnamese way, then shown in English,
    is written the English way and Continue accepts it (it was refused)."""
    loan = copy.deepcopy(LOCAL_FORM)
    loan["language"] = "vi"
    base = await seeded(client, signed_in, loan)
    start = await client.get(f"{base}/preview")
    step = {"_csrf_token": csrf_from(start.text), "role": "customer", "step": "1"}
    typed = {"amount": "42.000,00", "months": "1.234,5", "phone": "+33612345678"}
    review = await client.post(
        f"{base}/preview", data={**step, **typed, "answers": "{}", "language": "vi"}
    )
    assert review.status_code == 200, review.text
    assert "42.000,00\u00a0£" in review.text and "1.234,5" in review.text

    english = await client.post(
        f"{base}/preview",
        data={**step, **typed, "answers": "{}", "language": "vi", "to_language": "en"}
        | {"do": "language"},
    )
    assert 'value="42,000.00"' in english.text and 'value="1,234.5"' in english.text
    done = await client.post(
        f"{base}/preview",
        data={**step, "amount": "42,000.00", "months": "1,234.5", "phone": "+33612345678"}
        | {"answers": answers_in(english.text), "language": "en"},
    )
    assert done.status_code == 200, done.text
    assert "£42,000.00" in done.text and "1,234.5" in done.text
    back = await client.post(
        f"{base}/preview",
        data={**step, "step": "2", "do": "back", "language": "en"}
        | {"answers": answers_in(done.text)},
    )
    assert 'value="+33 6 12 34 56 78"' in back.text  # stored +33612345678, grouped


LOCAL_FORM = {
    "name": "Loan",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "loan",
            "title": "Your loan",
            "role": "customer",
            "fields": [
                {
                    "key": "amount",
                    "component": "money",
                    "label": "Amount",
                    "validation": {"currency": "GBP"},
                },
                {"key": "months", "component": "number", "label": "Months"},
                {"key": "phone", "component": "phone", "label": "Phone"},
            ],
        },
    ],
}
