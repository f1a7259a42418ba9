"""Displayed answers (dates, Yes/No) are worded in the current language, so a sealed
Vietnamese document reads "1 tháng 2, 2027", not "1 February 2027"."""

import pytest

from components import parse_definition
from components.fields.checkbox import checkbox
from components.fields.date import date
from runtime.envelopes.document import build_blocks
from runtime.i18n import use_language


@pytest.mark.parametrize(
    ("language", "day", "yes"),
    [
        ("en", "1 February 2027", "Yes"),
        ("fr", "1er février 2027", "Oui"),
        ("ms", "1 Februari 2027", "Ya"),
        ("vi", "1 tháng 2, 2027", "Có"),
        ("zh-CN", "2027年2月1日", "是"),
    ],
)
def test_dates_and_ticks_in_each_language(language: str, day: str, yes: str) -> None:
    with use_language(language):
        assert date.display("2027-02-01") == day
        assert checkbox.display(True) == yes


def test_document_answers_and_merge_fields_follow_the_language() -> None:
    definition = parse_definition(
        {
            "name": "Hợp đồng",
            "language": "vi",
            "roles": [{"key": "customer", "name": "Khách hàng", "stage": 1}],
            "sections": [
                {
                    "key": "s",
                    "title": "S",
                    "role": "customer",
                    "fields": [
                        {"key": "start", "component": "date", "label": "Ngày bắt đầu"},
                        {"key": "agree", "component": "checkbox", "label": "Đồng ý"},
                    ],
                }
            ],
            "document": [
                {"kind": "paragraph", "html": "<p>Từ {{ start }}.</p>"},
                {"kind": "fields"},
            ],
        }
    )
    answers = {"start": "2027-02-01", "agree": True}
    with use_language("vi"):
        blocks = build_blocks(definition, answers, [])
    assert "Từ 1 tháng 2, 2027." in blocks[0]["html"]
    rows = {row["label"]: row["value"] for row in blocks[1]["rows"]}
    assert rows == {"Ngày bắt đầu": "1 tháng 2, 2027", "Đồng ý": "Có"}


def test_signatures_in_a_group_row_are_worded_in_the_language() -> None:
    from components.fields.initials import initials
    from components.fields.signature import signature

    typed = {"kind": "typed", "text": "Lê Văn An"}
    with use_language("vi"):
        assert signature.display(typed) == "Đã ký: Lê Văn An"
        assert signature.display({"kind": "drawn", "image": "x"}) == "Đã ký (vẽ tay)"
        assert initials.display({"kind": "typed", "text": "LVA"}) == "Đã ký tắt: LVA"
    assert signature.display({"kind": "typed", "text": "100% Alex"}) == "Signed: 100% Alex"
