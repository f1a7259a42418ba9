"""A noun label inside an error message loses its first capital ("Enter email address in
the correct format", not "Enter Email address …") unless it is an acronym, a name or a
quoted question, and a Title Case label ("Full Name") loses each capital of style; in every language that writes sentences like English (docs/authoring.md)."""

import pytest

from components.wording import in_sentence
from runtime.i18n import use_language
from runtime.i18n.messages import translate_message
from tests.unit.helpers import _missing, _refused


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Email address", "email address"),
        ("Full name", "full name"),
        ("A copy of your passport", "a copy of your passport"),
        ("Copy of your ID", "copy of your ID"),  # a later acronym is no name
        ("Địa chỉ email", "địa chỉ email"),
        ("Adresse e-mail", "adresse e-mail"),
        ("IBAN", "IBAN"),  # an acronym
        ("VAT number", "VAT number"),
        ("PDF copy of the lease", "PDF copy of the lease"),
        ("McKenzie file number", "McKenzie file number"),  # a capital inside the word
        ("eID number", "eID number"),
        ("Acme Ltd contract", "Acme Ltd contract"),  # another capitalised word: a name
        # Title Case (every word capitalised) is style, not names: each word is lowered
        # but for acronyms and capitals inside a word
        ("Email Address", "email address"),
        ("Full Name", "full name"),
        ("Date Of Birth", "date of birth"),
        ("Acme Contract Number", "acme contract number"),  # no template says Acme is a name
        ("VAT Number", "VAT number"),
        ("Copy Of Your ID", "copy of your ID"),
        ("McKenzie File Number", "McKenzie file number"),
        ("Address Line 2", "address line 2"),
        ("PO NUMBER", "PO NUMBER"),  # all capitals: nothing to lower
        ("Date of Birth", "Date of Birth"),  # not every word capitalised: "Birth" may be a name
        ("I agree", "I agree"),
        ("What is your email?", "What is your email?"),  # a question is quoted as written
        ("Describe the incident", "Describe the incident"),
    ],
)
def test_a_label_inside_a_sentence(label: str, inside: str) -> None:
    assert in_sentence(label) == inside


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter email address in the correct format, like name@example.com"),
        ("fr", "Saisissez adresse e-mail"),
        ("ms", "Masukkan email address"),
        ("vi", "Nhập email address"),
    ],
)
def test_the_wrong_format_message_lowers_the_label_in_each_language(
    language: str, message: str
) -> None:
    with use_language(language):
        label = "Adresse e-mail" if language == "fr" else "Email address"
        assert translate_message(_refused("email", label, "nope")).startswith(message)


def test_chinese_keeps_the_label_as_written() -> None:
    """Chinese has no capitals to lower: a Latin label stays as the author wrote it."""
    with use_language("zh-CN"):
        message = translate_message(_refused("email", "Email address", "nope"))
    assert "Email address" in message


def test_missing_answers_lower_the_label() -> None:
    assert _missing("text", "Company name") == "Enter company name"
    assert _missing("text", "Full Name") == "Enter full name"  # not "Enter Full Name"
    assert _missing("date", "Date Of Birth") == "Enter date of birth"
    assert _missing("radio", "Loan type") == "Select loan type"
    assert _missing("text", "IBAN") == "Enter IBAN"
    with use_language("fr"):
        assert translate_message(_missing("text", "Nom complet")) == "Saisissez nom complet"
