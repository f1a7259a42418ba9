"""Lint at publish: findings about choices and roles added on 2026-11-28 and later (test_lint.py
holds the rest and the loan application helpers used here)."""

import pytest

from components.lint import lint
from tests.unit.helpers import all_at, build, changed, field_at, findings_of


def test_an_option_named_by_its_words_says_which_value_answers_hold() -> None:
    """A rule typed with what signers read ("Company") never matches the stored `company`:
    the warning says so and names the value, rather than that there is no such option."""
    raw = changed(
        lambda r: r["sections"][1].update(
            visible_if={"in": [{"var": "applicant_type"}, ["company", "private person"]]}
        )
    )
    message = findings_of(raw)["$.sections[1].visible_if.in[1][1]"].message
    assert "names the option “Private person” of Applicant type by its words" in message
    assert "answers hold its value 'person', so this never matches" in message


def test_an_identity_check_on_a_copy_role_is_no_finding() -> None:
    """A cc recipient's link asks for its identity check before the sealed PDF downloads
    (runtime/signing/gate.py): a check on a copy role is meant, not a mistake to warn of."""

    def change(r: dict) -> None:
        r["roles"][3]["identity"] = "access_code"

    assert changed(change)["roles"][3]["kind"] == "cc"
    assert not all_at(changed(change), "$.roles[3].identity")
    assert not [f for f in lint(build(changed(change))) if "identity" in f.message]


@pytest.mark.parametrize(
    ("op", "options", "said"),
    [
        ("anyof", ["car", "home"], "“includes any of” works as “is one of”"),
        ("allof", ["car"], "“includes all of” one option works as “is”"),
        ("allof", ["car", "home"], "“includes all of” several options is never true"),
    ],
    ids=["any-of", "all-of-one", "all-of-several"],
)
def test_includes_any_or_all_of_on_a_single_choice_is_a_warning(
    op: str, options: list[str], said: str
) -> None:
    """A select or radio holds one answer: "includes any of / all of" (made for multiple
    choice) works there as "is one of" or "is", or never; said, where it passed silently."""
    raw = changed(
        lambda r: field_at(r, 3, 1).update(visible_if={op: [{"var": "purpose"}, options]})
    )
    here = all_at(raw, "$.sections[3].fields[1].visible_if")
    assert [
        f.severity for f in here if f.message.startswith(f"Purpose takes one answer, so {said}")
    ] == ["warning"], here


def test_includes_any_of_on_a_multiple_choice_is_no_finding() -> None:
    raw = changed(
        lambda r: field_at(r, 3, 1).update(
            visible_if={"anyof": [{"var": "extras"}, ["insurance", "holiday"]]}
        )
    )
    assert not all_at(raw, "$.sections[3].fields[1].visible_if")
