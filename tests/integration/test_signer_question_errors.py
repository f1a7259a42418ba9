"""The signer's error summary reads well when labels are questions, in every language."""

import html

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, opened_envelope

LOAN = {
    "name": "Loan application",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "loan",
            "title": "Your loan",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {
                    "key": "purpose",
                    "component": "text",
                    "label": "What is the loan for?",
                    "required": True,
                },
                {
                    "key": "company",
                    "component": "radio",
                    "label": "Are you borrowing as a company?",
                    "required": True,
                    "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                },
                {"key": "signature", "component": "signature", "label": "Signature"},
            ],
        }
    ],
    "document": [{"kind": "heading", "text": "Loan"}, {"kind": "fields"}],
}


async def test_error_summary_words_question_labels_as_questions(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, LOAN)

    empty = await client.post(f"{link}/step/1", data={})
    assert empty.status_code == 422
    page = html.unescape(empty.text)
    summary = page[page.index('class="error-summary"') :]
    assert "Enter full name" in summary
    assert "Answer “What is the loan for?”" in summary
    assert "Choose an answer to “Are you borrowing as a company?”" in summary
    assert "Enter What is the loan for?" not in page
    assert "Select Are you borrowing" not in page

    await client.post(f"{link}/language", data={"language": "vi", "return": f"{link}/step/1"})
    vietnamese = html.unescape((await client.post(f"{link}/step/1", data={})).text)
    assert "Hãy trả lời “What is the loan for?”" in vietnamese
    assert "Chọn câu trả lời cho “Are you borrowing as a company?”" in vietnamese
    assert "Nhập “full name”" in vietnamese


async def test_a_too_long_answer_to_a_question_names_the_answer(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, LOAN)
    answers = {"full_name": "Lê Văn An", "purpose": "x" * 501, "company": "no"}

    refused = await client.post(f"{link}/step/1", data=answers)
    assert refused.status_code == 422
    page = html.unescape(refused.text)
    assert "The answer to “What is the loan for?” must be 500 characters or fewer" in page
    assert "What is the loan for? must be" not in page

    await client.post(f"{link}/language", data={"language": "vi", "return": f"{link}/step/1"})
    vietnamese = html.unescape((await client.post(f"{link}/step/1", data=answers)).text)
    assert "Câu trả lời cho “What is the loan for?” tối đa 500 ký tự" in vietnamese
