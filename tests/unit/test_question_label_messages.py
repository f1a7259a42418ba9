"""Required-answer messages read well whether a label is a noun or a question."""

import pytest

from components import get_component
from components.definition import Field, Option
from components.wording import is_question
from runtime.i18n import use_language
from runtime.i18n.messages import translate_message

OPTIONS = [Option(value="yes", label="Yes"), Option(value="no", label="No")]


def _missing(component: str, label: str) -> str:
    options = OPTIONS if component in ("radio", "select", "multiselect") else []
    field = Field(key="q", component=component, label=label, options=options)
    found = get_component(component)
    assert found is not None
    return found.missing_message(field)


@pytest.mark.parametrize(
    ("component", "label", "message"),
    [
        ("text", "Full name", "Enter Full name"),
        ("text", "Full name:", "Enter Full name"),
        ("text", "What is the loan for?", "Answer “What is the loan for?”"),
        ("textarea", "  Why?  ", "Answer “Why?”"),
        ("radio", "Loan type", "Select Loan type"),
        (
            "radio",
            "Are you borrowing as a company?",
            "Choose an answer to “Are you borrowing as a company?”",
        ),
        ("select", "Which branch?", "Choose an answer to “Which branch?”"),
        ("multiselect", "Products", "Select at least one option for Products"),
        ("multiselect", "Which products?", "Choose at least one answer to “Which products?”"),
        ("attachment", "Proof of address", "Upload Proof of address"),
        (
            "attachment",
            "Can you show proof of address?",
            "Upload a file to answer “Can you show proof of address?”",
        ),
        ("text", "您的全名？", "Answer “您的全名？”"),
    ],
)
def test_missing_message_fits_the_label(component: str, label: str, message: str) -> None:
    assert _missing(component, label) == message


def test_a_question_mark_inside_a_label_does_not_make_it_a_question() -> None:
    assert not is_question("Reference (if any?) number")
    assert is_question("Is this your first loan? ")


@pytest.mark.parametrize(
    ("language", "select", "enter"),
    [
        (
            "fr",
            "Choisissez une réponse à «\u00a0Are you a company?\u00a0»",
            "Répondez à «\u00a0What for?\u00a0»",
        ),
        ("ms", "Pilih jawapan untuk “Are you a company?”", "Jawab “What for?”"),
        ("vi", "Chọn câu trả lời cho “Are you a company?”", "Hãy trả lời “What for?”"),
        ("zh-CN", "请为“Are you a company?”选择一个答案", "请回答“What for?”"),
    ],
)
def test_question_messages_are_translated(language: str, select: str, enter: str) -> None:
    with use_language(language):
        assert translate_message(_missing("radio", "Are you a company?")) == select
        assert translate_message(_missing("text", "What for?")) == enter
        for component in ("multiselect", "attachment"):
            translated = translate_message(_missing(component, "Which ones?"))
            assert "Which ones?" in translated
            assert not translated.startswith(("Choose", "Upload")), translated
