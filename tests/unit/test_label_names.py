"""A label's first word keeps its capital inside a message when the template writes that word
with a capital mid-sentence elsewhere ("Acme contract" in a template whose document says
"between Acme and you"): a name, not a noun to lower. And a label is lowered, or not, by the
language it is written in (the template's), not the page's (docs/authoring.md, "Labels
inside a message")."""

import pytest

from components import parse_definition
from components.label_names import label_source
from components.wording import in_sentence, labels_from, names_in
from runtime.i18n import use_language


def _template(paragraph: str = "", help_text: str = "", language: str = "en"):  # type: ignore[no-untyped-def]
    return parse_definition(
        {
            "name": "Supply contract",
            "language": language,
            "roles": [{"key": "customer", "name": "Customer"}],
            "sections": [
                {
                    "key": "s",
                    "title": "Acme Contract Details",  # a Title Case title tells nothing
                    "role": "customer",
                    "fields": [
                        {"key": "number", "component": "text", "label": "Acme contract"},
                        {"key": "ref", "component": "text", "label": "Customer reference"},
                        {"key": "mail", "component": "text", "label": "Email", "help": help_text},
                    ],
                }
            ],
            "document": [
                {"kind": "heading", "text": "Agreement With Acme"},
                {"kind": "paragraph", "html": paragraph},
            ],
        }
    )


def test_a_first_word_the_document_writes_mid_sentence_is_a_name() -> None:
    named = _template("<p>This agreement between <strong>Acme</strong> and the Customer.</p>")
    with labels_from(label_source(named)):
        assert in_sentence("Acme contract") == "Acme contract"
        assert in_sentence("Customer reference") == "Customer reference"  # a defined term
        assert in_sentence("Email address") == "email address"
    assert in_sentence("Acme contract") == "acme contract"  # no template: as before


def test_a_title_case_label_keeps_only_the_template_s_names() -> None:
    """ "Date of Birth" is Title Case ("of" is short): lowered, though the template has it as
    a label too; "Acme" in "Name of Acme" is kept where the document names Acme."""
    named = _template("<p>This agreement between Acme and you.</p>")
    with labels_from(label_source(named)):
        assert in_sentence("Date of Birth") == "date of birth"
        assert in_sentence("Name of Acme") == "name of Acme"


def test_a_capital_that_only_starts_a_sentence_or_a_heading_says_nothing() -> None:
    plain = _template("<p>Acme supplies the goods.</p><p>Customer pays. Acme delivers.</p>")
    with labels_from(label_source(plain)):
        assert in_sentence("Acme contract") == "acme contract"
        assert in_sentence("Customer reference") == "customer reference"


def test_a_help_text_or_a_merge_field_before_the_name_counts() -> None:
    helped = _template(help_text="The address Acme writes to")
    with labels_from(label_source(helped)):
        assert in_sentence("Acme contract") == "Acme contract"
    merged = _template("<p>Dear {{ name }}, Acme&nbsp;thanks you</p>")
    with labels_from(label_source(merged)):
        assert in_sentence("Acme contract") == "Acme contract"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("between Acme and the Customer.", {"Acme", "Customer"}),
        ("Acme’s goods; Zeta’s price", set()),  # each starts its sentence
        ("made by “Zeta”, Inc", {"Zeta", "Inc"}),
        ("<li>Acme</li><li>Zeta</li>", set()),  # a list item is a line of its own
        ("Full Name", set()),  # a Title Case label: capitals of style, not a name
        ("Acme Contract Number. Signed by Acme Ltd", set()),  # Title Case: "by" is short
        ("Acme Contract Number. Signed by Acme Ltd today", {"Acme", "Ltd"}),
        ("Date of Birth", set()),  # Title Case with "of": "Birth" is no name
    ],
)
def test_names_in(text: str, names: set[str]) -> None:
    assert names_in([text]) == names


def test_the_label_is_lowered_by_the_templates_language_not_the_pages() -> None:
    """A label of a Chinese template keeps its Latin capital on an English page; a label of
    an English template is lowered inside a Chinese page's sentence."""
    chinese = _template(language="zh-CN")
    english = _template()
    with use_language("en"), labels_from(label_source(chinese)):
        assert in_sentence("Email 地址") == "Email 地址"
    with use_language("zh-CN"), labels_from(label_source(english)):
        assert in_sentence("Email address") == "email address"
    with use_language("zh-CN"):  # no template known: the page's language
        assert in_sentence("Email address") == "Email address"


def _title_case_template(paragraph: str):  # type: ignore[no-untyped-def]
    """Labels in Title Case, as many templates write them."""
    labels = ["Full Name", "Date Of Birth", "Acme Contract Number", "IBAN"]
    return parse_definition(
        {
            "name": "Supply contract",
            "language": "en",
            "roles": [{"key": "customer", "name": "Customer"}],
            "sections": [
                {
                    "key": "s",
                    "title": "Your Details",
                    "role": "customer",
                    "fields": [
                        {"key": f"f{i}", "component": "text", "label": label}
                        for i, label in enumerate(labels)
                    ],
                }
            ],
            "document": [{"kind": "paragraph", "html": paragraph}],
        }
    )


def test_a_title_case_label_keeps_only_its_acronyms_and_the_templates_names() -> None:
    """Every word of a Title Case label is lowered inside a message ("Enter full name", not
    "Enter Full Name"), but an acronym and a word the template writes with a capital in the
    middle of a sentence (a name). The other Title Case labels name nothing: "Name" of
    "Full Name" is no name for "Date Of Birth"."""
    named = _title_case_template("<p>This contract is between Acme and the Customer.</p>")
    with labels_from(label_source(named)):
        assert in_sentence("Full Name") == "full name"
        assert in_sentence("Date Of Birth") == "date of birth"
        assert in_sentence("Acme Contract Number") == "Acme contract number"
        assert in_sentence("IBAN") == "IBAN"
        assert in_sentence("Customer Reference") == "Customer reference"  # a defined term
    plain = _title_case_template("<p>Acme supplies the goods.</p>")
    with labels_from(label_source(plain)):
        assert in_sentence("Acme Contract Number") == "acme contract number"
        assert in_sentence("Full Name") == "full name"
