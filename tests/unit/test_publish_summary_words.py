"""The publish screen's summary says what changed in words a lawyer can check: which
question was reworded (from what to what), which clause of the document was edited,
added or removed, and which language the template is now written in."""

import copy
import json

from designer.publishing.diff import describe_changes
from tests.integration.conftest import DEMO


def _demo() -> dict:
    return json.loads(DEMO.read_text())


def test_a_reworded_question_says_from_what_to_what() -> None:
    old = _demo()
    new = copy.deepcopy(old)
    new["sections"][0]["fields"][2]["label"] = "Company name"
    assert describe_changes(old, new) == [
        "Reworded the question “Company name (optional)” to “Company name”."
    ]


def test_document_changes_name_the_clause() -> None:
    old = _demo()
    new = copy.deepcopy(old)
    paragraph = next(i for i, b in enumerate(new["document"]) if "pays" in b.get("html", ""))
    new["document"][paragraph]["html"] = "<p>The Customer pays every invoice within 14 days.</p>"
    new["document"][0]["text"] = "Master services agreement"
    new["document"].insert(paragraph + 1, {"kind": "heading", "text": "Liability", "level": 2})
    changes = describe_changes(old, new)
    assert "Renamed the heading “Service agreement” to “Master services agreement”." in changes
    assert "Edited the paragraph “The Customer pays every invoice within 14 days”." in changes
    assert "Added the heading “Liability” to the document." in changes

    shown = copy.deepcopy(old)
    shown["document"][paragraph]["visible_if"] = {"!": [{"var": "company"}]}
    (sentence,) = describe_changes(old, shown)
    assert sentence.startswith("The paragraph “The Customer pays the fees")
    assert " is now shown when " in sentence

    removed = copy.deepcopy(old)
    del removed["document"][paragraph]
    assert describe_changes(old, removed) == [
        "Removed the paragraph “The Customer pays the fees in the order …” from the document."
    ]


def test_many_document_changes_are_counted_and_the_language_is_named() -> None:
    old = _demo()
    new = copy.deepcopy(old)
    for block in new["document"]:
        block["visible_if"] = {"!": [{"var": "company"}]}
    new["language"] = "fr"
    assert describe_changes(old, new) == [
        "The template is now written in French (was English).",
        # counted as an author names them, not as the designer's "11 blocks"
        "Changed the document: edited 5 headings, 4 clauses, 1 table of answers and "
        "1 signature block.",
    ]


def test_a_first_version_counts_sections_and_clauses_not_blocks() -> None:
    new = _demo()
    new["document"] = [
        {"kind": "heading", "text": "Agreement", "level": 1},
        {"kind": "heading", "text": "Services", "level": 2},
        {"kind": "paragraph", "html": "<p>The Consultant works.</p>"},
        {"kind": "paragraph", "html": "<p>The Client pays.</p>"},
        {"kind": "heading", "text": "Term", "level": 2},
        {"kind": "paragraph", "html": "<p>One year.</p>"},
        {"kind": "signature", "role": new["roles"][0]["key"]},
    ]
    first = describe_changes(None, new)[0]
    assert first.endswith("and a document of 2 sections and 3 clauses.")
    new["document"] = [new["document"][2]]
    assert describe_changes(None, new)[0].endswith("and a document of 1 clause.")


def test_a_signature_block_is_named_by_its_role_as_written() -> None:
    """It read 'Added the signature block of “procurement_manager”', the role's key."""
    old = _demo()
    new = copy.deepcopy(old)
    new["roles"][0]["name"] = "Procurement manager"  # its key stays `customer`
    new["document"].append({"kind": "signature", "role": "customer"})
    changes = describe_changes(old, new)
    assert "Added the signature block of “Procurement manager” to the document." in changes


def test_a_field_and_a_role_change_in_the_palettes_and_previews_words() -> None:
    # "is now a multiselect field", "Added the role Manager (cc)": the engine's names
    old = _demo()
    new = copy.deepcopy(old)
    new["sections"][1]["fields"][0]["component"] = "text"  # notes: long text -> short text
    new["roles"].append({"key": "office", "name": "Back office", "kind": "cc", "stage": 2})
    new["roles"][0]["kind"] = "approver"
    changes = describe_changes(old, new)
    assert "Added the role “Back office”, who receives a copy." in changes
    assert "The role “Customer” now approves (before: signs)." in changes
    assert (
        "The field “Anything we should know? (optional)” is now asked as “Short text” (was “Long text”)."
        in changes
    )


def test_an_organisation_role_is_said_to_be_signed_with_the_company_stamp() -> None:
    """It read 'Added the role “Company”, who signs': nobody signs it in person."""
    old = _demo()
    new = copy.deepcopy(old)
    new["roles"].append(
        {"key": "company", "name": "Company", "kind": "signer", "organisation": True, "stage": 2}
    )
    changes = describe_changes(old, new)
    assert "Added the role “Company”, signed by the organisation with its company stamp." in changes
    later = copy.deepcopy(new)
    del later["roles"][-1]["organisation"]
    assert describe_changes(new, later) == [
        "The role “Company” is no longer signed by the organisation with its company stamp."
    ]
