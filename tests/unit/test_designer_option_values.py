"""Option values follow their labels until published, then stay; rules follow a change."""

from typing import Any

import pytest

from designer.editor.options import options_text, pair, published_options, revise
from designer.references import rename_option_values
from runtime.errors import Invalid

NEW = [{"value": "option_1", "label": "Option 1"}, {"value": "option_2", "label": "Option 2"}]


def test_the_author_sees_labels_only() -> None:
    assert options_text({"options": NEW}) == "Option 1\nOption 2"


def test_values_follow_labels_before_publishing() -> None:
    options, renamed = revise(NEW, "Person\nCompany\n\nPartnership")
    assert options == [
        {"value": "person", "label": "Person"},
        {"value": "company", "label": "Company"},
        {"value": "partnership", "label": "Partnership"},
    ]
    assert renamed == {"option_1": "person", "option_2": "company"}


def test_a_published_value_stays_when_its_label_changes() -> None:
    current = [{"value": "person", "label": "Person"}, {"value": "company", "label": "Company"}]
    options, renamed = revise(current, "Individual\nCompany\nTrust", published=current)
    assert [o["value"] for o in options] == ["person", "company", "trust"]
    assert options[0]["label"] == "Individual" and renamed == {}


def test_an_option_new_since_publishing_still_follows() -> None:
    published = [{"value": "person", "label": "Person"}]
    current = [*published, {"value": "trust", "label": "Trust"}]
    options, renamed = revise(current, "Person\nFamily trust", published=published)
    assert [o["value"] for o in options] == ["person", "family_trust"]
    assert renamed == {"trust": "family_trust"}


def test_a_new_option_never_takes_a_published_value_of_another_meaning() -> None:
    published = [{"value": "person", "label": "Person"}, {"value": "company", "label": "Company"}]
    current = [{"value": "company", "label": "Company"}]  # Person was removed
    options, _ = revise(current, "Company\nPerson", published=published)  # typed again
    assert [o["value"] for o in options] == ["company", "person"]
    options, _ = revise(current, "Company\nPerson?", published=published)  # another one
    assert [o["value"] for o in options] == ["company", "person_2"]
    # the same words twice are refused (signers could not tell them apart), whatever capitals
    with pytest.raises(Invalid, match="“COMPANY” is written twice"):
        revise([{"value": "company", "label": "Company"}], "Company\nCOMPANY", published)


def test_a_value_chosen_elsewhere_stays() -> None:
    current = [{"value": "CO", "label": "Company"}]  # imported JSON
    options, renamed = revise(current, "Limited company")
    assert options == [{"value": "CO", "label": "Limited company"}] and renamed == {}


def test_moved_lines_keep_their_values() -> None:
    assert pair(["A", "B", "C"], ["C", "A", "B"]) == [2, 0, 1]
    assert pair(["A", "B", "C"], ["A", "X", "C", "D"]) == [0, 1, 2, None]


def test_rules_follow_a_changed_value() -> None:
    d: dict[str, Any] = {
        "roles": [{"key": "r", "condition": {"in": ["option_1", {"var": "kind"}]}}],
        "sections": [
            {
                "key": "s",
                "visible_if": {"==": [{"var": "kind"}, "option_1"]},
                "fields": [
                    {"key": "kind", "component": "radio", "default": "option_2"},
                    {"key": "x", "visible_if": {"in": [{"var": "kind"}, ["option_1", "z"]]}},
                    {"key": "y", "visible_if": {"==": [{"var": "other"}, "option_1"]}},
                    {
                        "key": "n",
                        "expression": {"if": [{"==": [{"var": "kind"}, "option_2"]}, 1, 0]},
                    },
                ],
            }
        ],
        "document": [{"kind": "paragraph", "visible_if": {"!=": ["option_2", {"var": "kind"}]}}],
    }
    rename_option_values(d, "kind", {"option_1": "option_2", "option_2": "company"})
    fields = d["sections"][0]["fields"]
    assert d["roles"][0]["condition"] == {"in": ["option_2", {"var": "kind"}]}
    assert d["sections"][0]["visible_if"] == {"==": [{"var": "kind"}, "option_2"]}
    assert fields[0]["default"] == "company"
    assert fields[1]["visible_if"] == {"in": [{"var": "kind"}, ["option_2", "z"]]}
    assert fields[2]["visible_if"] == {"==": [{"var": "other"}, "option_1"]}  # another field
    assert fields[3]["expression"]["if"][0] == {"==": [{"var": "kind"}, "company"]}
    assert d["document"][0]["visible_if"] == {"!=": ["company", {"var": "kind"}]}


def test_a_tick_box_default_typed_as_one_text_follows_its_values() -> None:
    field = {"key": "by", "default": "email,  post, fax"}
    d: dict[str, Any] = {"sections": [{"key": "s", "fields": [field]}]}
    rename_option_values(d, "by", {"email": "e_mail", "fax": "telefax"})
    assert field["default"] == "e_mail, post, telefax"
    rename_option_values(d, "by", {"sms": "text"})  # none of its values: left as typed
    assert field["default"] == "e_mail, post, telefax"


def test_a_published_field_whose_key_changed_keeps_its_values() -> None:
    person = {"value": "person", "label": "Person"}
    company = {"value": "company", "label": "Company"}
    published = {"client_type": [person, company], "other": [person]}
    current = [person, company]
    assert published_options("client_type", current, published, {"client_type"}) == [
        person,
        company,
    ]
    # renamed to client_kind: found by its values, not by another field still in the draft
    keys_now = {"client_kind", "other"}
    assert published_options("client_kind", current, published, keys_now) == [person, company]
    assert published_options("brand_new", [], published, keys_now) == ()
    options, renamed = revise(current, "Individual\nCompany", published=[person, company])
    assert [o["value"] for o in options] == ["person", "company"] and renamed == {}


def test_a_new_choice_field_does_not_take_a_deleted_fields_starter_values() -> None:
    """A new radio starts with option_1/option_2; a published field deleted since that had
    kept those values is not it: its values follow its labels like any new field's."""
    starter = [
        {"value": "option_1", "label": "Option 1"},
        {"value": "option_2", "label": "Option 2"},
    ]
    published = {"old_choice": starter}
    found = published_options("option_field", starter, published, {"option_field"})
    assert found == ()
    options, renamed = revise(starter, "Yes\nNo", published=found)
    assert [o["value"] for o in options] == ["yes", "no"]
    assert renamed == {"option_1": "yes", "option_2": "no"}
