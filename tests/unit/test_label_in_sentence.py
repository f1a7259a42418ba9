"""A noun label inside an error message loses its first capital ("Enter email address in
the correct format", not "Enter Email address …") unless it is an acronym, a name or a
quoted question, and a Title Case label ("Full Name", "Date of Birth") loses each capital of
style; in every language that writes sentences like English (docs/authoring.md)."""

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
        ("fr", "Saisissez «\u00a0adresse e-mail\u00a0»"),
        ("ms", "Masukkan “email address”"),
        ("vi", "Nhập “email address”"),
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


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        # short function words in lower case do not break Title Case
        pytest.param("Date of Birth", "date of birth", id="date-of-birth"),
        pytest.param("Terms and Conditions", "terms and conditions", id="terms-and-conditions"),
        pytest.param("Place of Birth or Residence", "place of birth or residence", id="or"),
        pytest.param(
            "Proof of Address for the Loan", "proof of address for the loan", id="for-the"
        ),
        pytest.param("Date of birth", "date of birth", id="sentence-case-with-of"),
        pytest.param("Name of Acme", "name of acme", id="title-case-name-not-in-template"),
        # punctuation before the first letter does not decide
        pytest.param("(Optional) Notes", "(optional) notes", id="parenthesis-title-case"),
        pytest.param("(Optional) notes", "(optional) notes", id="parenthesis-sentence-case"),
        pytest.param("“Trading” Name", "“trading” name", id="quoted-first-word"),
        pytest.param("- Notes", "- notes", id="dash-before"),
        pytest.param("1. Full Name", "1. full name", id="number-before"),
        pytest.param("(IBAN)", "(IBAN)", id="parenthesis-acronym"),
        pytest.param("(I) agree", "(I) agree", id="parenthesis-pronoun"),
        # acronyms and proper forms stay as written
        pytest.param("VAT Number", "VAT number", id="acronym-title-case"),
        pytest.param("IBAN", "IBAN", id="acronym-alone"),
        pytest.param("Proof of ID", "proof of ID", id="acronym-after-of"),
        pytest.param("iPhone", "iPhone", id="proper-form-alone"),
        pytest.param("iPhone Model", "iPhone Model", id="proper-form-first"),
        pytest.param("Your iPhone Number", "your iPhone number", id="proper-form-inside"),
        pytest.param("Acme Ltd contract", "Acme Ltd contract", id="capitals-of-a-name"),
        pytest.param("Copy of your ID", "copy of your ID", id="not-title-case"),
    ],
)
def test_title_case_with_function_words_and_punctuation(label: str, inside: str) -> None:
    assert in_sentence(label) == inside


def test_missing_answers_lower_the_label() -> None:
    assert _missing("text", "Company name") == "Enter company name"
    assert _missing("text", "Full Name") == "Enter full name"  # not "Enter Full Name"
    assert _missing("date", "Date Of Birth") == "Enter date of birth"
    assert _missing("date", "Date of Birth") == "Enter date of birth"  # not "Enter Date of Birth"
    assert _missing("textarea", "(Optional) Notes") == "Enter (optional) notes"
    assert _missing("text", "VAT Number") == "Enter VAT number"
    assert _missing("radio", "Loan type") == "Select loan type"
    assert _missing("text", "IBAN") == "Enter IBAN"
    with use_language("fr"):
        assert (
            translate_message(_missing("text", "Nom complet"))
            == "Saisissez «\u00a0nom complet\u00a0»"
        )
