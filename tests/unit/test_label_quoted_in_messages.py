"""A signer's error message names a noun label the way the page's language quotes a name,
so the author's words stand out from the sentence around them, whatever language they are
written in: "Saisissez « email address »", not "Saisissez email address". English leaves
the label bare, as GOV.UK words its messages ("Enter email address"). Each catalog says
how it quotes (docs/translations.md, "A label inside a message")."""

import pytest
from babel.messages.pofile import read_po

from runtime.i18n import CATALOGS, LOCALES_DIR, use_language
from runtime.i18n.messages import quoted, translate_message

#: the page's language: (opening mark, closing mark)
MARKS = {
    "fr": ("«\u00a0", "\u00a0»"),
    "ms": ("“", "”"),
    "vi": ("“", "”"),
    "zh-CN": ("“", "”"),
}


def _q(language: str, label: str) -> str:
    opening, closing = MARKS[language]
    return f"{opening}{label}{closing}"


FORMAT = "Enter email address in the correct format, like name@example.com"


@pytest.mark.parametrize("language", sorted(MARKS))
@pytest.mark.parametrize(
    ("english", "label"),
    [
        pytest.param("Enter email address", "email address", id="enter"),
        pytest.param(FORMAT, "email address", id="format"),
        pytest.param("Select loan type", "loan type", id="select"),
        pytest.param("Full name must be 10 characters or fewer", "Full name", id="subject"),
        pytest.param("Amount must be 100 or less", "Amount", id="limit"),
        pytest.param("Tick the box to confirm: I agree", "I agree", id="after-colon"),
        pytest.param("Directors could not be read; check the rows again", "Directors", id="group"),
    ],
)
def test_a_noun_label_is_quoted_inside_a_translated_message(
    language: str, english: str, label: str
) -> None:
    with use_language(language):
        message = translate_message(english)
    assert _q(language, label) in message
    assert message.count(MARKS[language][0]) == 1


def test_english_leaves_the_label_bare() -> None:
    with use_language("en"):
        assert translate_message("Enter email address") == "Enter email address"
        assert translate_message("Amount must be 100 or less") == "Amount must be 100 or less"
        assert quoted("email address") == "email address"


@pytest.mark.parametrize("language", sorted(MARKS))
def test_a_question_label_is_quoted_once(language: str) -> None:
    """A question is quoted by its own shape ("Answer “…?”"): no second pair of marks."""
    with use_language(language):
        for english in (
            "Answer “What is the loan for?”",
            "The answer to “What is the loan for?” must be a number",
            "Enter your answer to “What is the loan for?” in the correct format, like 12",
        ):
            message = translate_message(english)
            assert message.count(MARKS[language][0]) == 1, message


@pytest.mark.parametrize("language", sorted(MARKS))
def test_a_repeating_groups_label_is_quoted_in_and_after_its_row(language: str) -> None:
    with use_language(language):
        assert _q(language, "email") in translate_message("Director 2: Enter email")
        assert _q(language, "director") in translate_message("Add at least 2 directors")


@pytest.mark.parametrize("folder", sorted(CATALOGS.values()))
def test_every_catalog_quotes_a_label(folder: str) -> None:
    """A language added later says how it quotes a label too, with marks around it."""
    with open(LOCALES_DIR / folder / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    message = catalog.get("%(label)s", context="a label named inside a sentence")
    assert message is not None and isinstance(message.string, str)
    before, _, after = message.string.partition("%(label)s")
    assert before.strip() and after.strip(), message.string
