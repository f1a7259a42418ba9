"""Required-answer messages read well whether a label is a noun or a question."""

import datetime as dt

import pytest

from components import get_component
from components.definition import Field, Option
from components.errors import FieldError
from components.wording import is_question
from runtime.i18n import use_language
from runtime.i18n.messages import translate_message
from tests.unit.helpers import _missing, _refused


@pytest.mark.parametrize(
    ("component", "label", "message"),
    [
        ("text", "Full name", "Enter full name"),
        ("text", "Full name:", "Enter full name"),
        ("text", "What is the loan for?", "Answer “What is the loan for?”"),
        ("textarea", "  Why?  ", "Answer “Why?”"),
        ("radio", "Loan type", "Select loan type"),
        (
            "radio",
            "Are you borrowing as a company?",
            "Choose an answer to “Are you borrowing as a company?”",
        ),
        ("select", "Which branch?", "Choose an answer to “Which branch?”"),
        ("multiselect", "Products", "Select at least one option for products"),
        ("multiselect", "Which products?", "Choose at least one answer to “Which products?”"),
        ("attachment", "Proof of address", "Upload proof of address"),
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


QUESTION = "What is the loan for?"


@pytest.mark.parametrize(
    ("component", "raw", "validation", "message"),
    [
        ("text", "x" * 11, {"max_length": 10}, "must be 10 characters or fewer"),
        ("text", "x", {"min_length": 3}, "must be 3 characters or more"),
        ("textarea", "x" * 11, {"max_length": 10}, "must be 10 characters or fewer"),
        ("number", "abc", {}, "must be a number, like 1250 or 12.5"),
        ("number", "12", {"max": 10}, "must be 10 or less"),
        ("money", "abc", {"currency": "GBP"}, "must be an amount of money, like 1250.00"),
        ("date", "31/02/2027", {}, f"must be a real date, like {dt.date.today():%d/%m/%Y}"),
        ("date", "2027-01-01", {"min": "2027-02-01"}, "must be on or after 2027-02-01"),
    ],
)
def test_a_message_that_starts_with_a_question_label_names_the_answer(
    component: str, raw: str, validation: dict, message: str
) -> None:
    assert (
        _refused(component, QUESTION, raw, **validation) == f"The answer to “{QUESTION}” {message}"
    )
    assert _refused(component, "Purpose", raw, **validation) == f"Purpose {message}"


def test_the_api_wording_names_the_answer_too() -> None:
    field = Field(key="q", component="date", label="When do you start?")
    found = get_component("date")
    assert found is not None
    with pytest.raises(FieldError) as refused:
        found.clean("31/02/2027", field)
    assert refused.value.for_api == (
        "The answer to “When do you start?” must be a real date in the form YYYY-MM-DD, "
        "like 2027-03-27"
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The answer to “What for?” must be 10 characters or fewer"),
        ("fr", "La réponse à «\u00a0What for?\u00a0» doit comporter 10 caractères maximum"),
        ("ms", "Jawapan kepada “What for?” mestilah 10 aksara atau kurang"),
        ("vi", "Câu trả lời cho “What for?” tối đa 10 ký tự"),
        ("zh-CN", "“What for?”的回答不能超过 10 个字符"),
    ],
)
def test_the_answer_to_a_question_is_translated(language: str, message: str) -> None:
    with use_language(language):
        english = _refused("text", "What for?", "x" * 11, max_length=10)
        assert translate_message(english) == message
        number = translate_message(_refused("number", "How much?", "abc"))
        assert "How much?" in number and ("The answer" not in number or language == "en")


@pytest.mark.parametrize(
    ("component", "raw", "validation", "message"),
    [
        ("email", "nope", {}, "Enter {} in the correct format, like name@example.com"),
        ("phone", "12", {}, "Enter {} with the country code, like +44 20 7946 0958"),
        ("money", "100 EUR", {"currency": "GBP"}, "Enter {} in GBP"),
    ],
)
def test_a_message_that_asks_to_enter_a_question_names_your_answer(
    component: str, raw: str, validation: dict, message: str
) -> None:
    question = "How can we reach you?"
    assert _refused(component, question, raw, **validation) == message.format(
        f"your answer to “{question}”"
    )
    assert _refused(component, "Contact", raw, **validation) == message.format("contact")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Saisissez votre réponse à «\u00a0Email?\u00a0» au bon format, par exemple"),
        ("ms", "Masukkan jawapan anda kepada “Email?” dalam format yang betul"),
        ("vi", "Nhập câu trả lời của bạn cho “Email?” đúng định dạng"),
        ("zh-CN", "请按正确格式输入您对“Email?”的回答"),
    ],
)
def test_your_answer_to_a_question_is_translated(language: str, message: str) -> None:
    with use_language(language):
        assert translate_message(_refused("email", "Email?", "nope")).startswith(message)


def test_french_limits_agree_with_any_subject() -> None:
    """French adjectives take the subject's gender ("La réponse … doit être supérieure");
    the limits use verbs instead, so a question ("La réponse à …") or a feminine label
    ("Durée") reads as well as a masculine one."""
    with use_language("fr"):
        low = translate_message(_refused("number", "Combien ?", "5", min=10))
        high = translate_message(_refused("money", "Durée", "50", currency="EUR", max=10))
    assert low == "La réponse à «\u00a0Combien ?\u00a0» doit valoir au moins 10"
    # an amount, written the French way
    assert high == "«\u00a0Durée\u00a0» ne doit pas dépasser 10,00\u00a0€"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose no more than 2 answers to “Which extras?”"),
        ("fr", "Choisissez au maximum 2 réponses à\u00a0«\u00a0Which extras?\u00a0»"),
        ("ms", "Pilih tidak lebih daripada 2 jawapan untuk “Which extras?”"),
        ("vi", "Chọn tối đa 2 câu trả lời cho “Which extras?”"),
        ("zh-CN", "“Which extras?”最多只能选择 2 个答案"),
    ],
)
def test_too_many_answers_to_a_question(language: str, message: str) -> None:
    """Not "Select no more than 2 options for Which extras?", a question read as a noun."""
    options = [Option(value=v, label=v) for v in ("a", "b", "c")]
    field = Field(
        key="q",
        component="multiselect",
        label="Which extras?",
        options=options,
        validation={"max_selected": 2, "min_selected": 2},
    )
    found = get_component("multiselect")
    assert found is not None
    with pytest.raises(FieldError) as too_many:
        found.clean(["a", "b", "c"], field)
    with pytest.raises(FieldError) as too_few:
        found.clean(["a"], field)
    assert str(too_few.value) == "Choose at least 2 answers to “Which extras?”"
    with use_language(language):
        assert translate_message(str(too_many.value)) == message
    noun = Field(
        key="q",
        component="multiselect",
        label="Extras",
        options=options,
        validation={"max_selected": 1},
    )
    with pytest.raises(FieldError) as one:
        found.clean(["a", "b"], noun)
    assert str(one.value) == "Select no more than 1 option for extras"
