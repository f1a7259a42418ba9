"""A label that is an instruction ("Describe the incident") gets messages that quote it,
as a question does, instead of "Enter Describe the incident"."""

import pytest

from components import get_component
from components.definition import Field, Option
from components.errors import FieldError
from components.wording import is_instruction
from runtime.i18n import use_language
from runtime.i18n.messages import translate_message

OPTIONS = [Option(value="a", label="A"), Option(value="b", label="B")]


def _missing(component: str, label: str) -> str:
    options = OPTIONS if component in ("radio", "select", "multiselect") else []
    field = Field(key="q", component=component, label=label, options=options)
    found = get_component(component)
    assert found is not None
    return found.missing_message(field)


@pytest.mark.parametrize(
    ("component", "label", "message"),
    [
        ("textarea", "Describe the incident", "Answer “Describe the incident”"),
        ("text", "Please give your employer's name", "Answer “Please give your employer's name”"),
        ("radio", "Choose a branch", "Choose an answer to “Choose a branch”"),
        ("attachment", "Attach a photo", "Upload a file to answer “Attach a photo”"),
        ("textarea", "Décrivez l'incident", "Answer “Décrivez l'incident”"),
        ("textarea", "Mô tả sự việc", "Answer “Mô tả sự việc”"),
        ("textarea", "请描述事故经过", "Answer “请描述事故经过”"),
        # nouns keep the short form, even when a word could be a verb elsewhere
        ("text", "Full name", "Enter full name"),
        ("text", "Type of loan", "Enter type of loan"),
        ("text", "State", "Enter state"),
        ("text", "Name of company", "Enter name of company"),
        ("text", "Ghi chú", "Enter ghi chú"),
    ],
)
def test_missing_message_quotes_an_instruction(component: str, label: str, message: str) -> None:
    assert _missing(component, label) == message


def test_no_message_says_enter_describe() -> None:
    field = Field(key="q", component="textarea", label="Describe the incident")
    found = get_component("textarea")
    assert found is not None
    found_field = Field(
        key="q", component="textarea", label=field.label, validation={"max_length": 5}
    )
    with pytest.raises(FieldError) as refused:
        found.clean("x" * 6, found_field)
    assert str(refused.value) == (
        "The answer to “Describe the incident” must be 5 characters or fewer"
    )
    assert not is_instruction("")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Répondez à «\u00a0Describe the incident\u00a0»"),
        ("ms", "Jawab “Describe the incident”"),
        ("vi", "Hãy trả lời “Describe the incident”"),
        ("zh-CN", "请回答“Describe the incident”"),
    ],
)
def test_instruction_messages_are_translated(language: str, message: str) -> None:
    with use_language(language):
        assert translate_message(_missing("textarea", "Describe the incident")) == message
