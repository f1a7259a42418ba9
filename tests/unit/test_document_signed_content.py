"""The document blocks hold what the signer saw and who signed: computed values worked out
from the final answers, and a Signatures section for signers the author placed nowhere."""

import datetime as dt
from typing import Any

from components import parse_definition
from runtime.envelopes.document import build_blocks
from runtime.envelopes.final_answers import final_answers, signing_day
from runtime.sealing.document import prepare_blocks

SIGNED = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _definition(document: list[dict[str, Any]], language: str = "en") -> Any:
    return parse_definition(
        {
            "name": "Loan",
            "language": language,
            "roles": [
                {"key": "borrower", "name": "Borrower", "stage": 1},
                {
                    "key": "guarantor",
                    "name": "Guarantor",
                    "stage": 2,
                    "condition": {">": [{"var": "amount"}, 1000]},
                },
                {"key": "manager", "name": "Manager", "kind": "approver", "stage": 3},
            ],
            "sections": [
                {
                    "key": "loan",
                    "title": "Loan",
                    "role": "borrower",
                    "fields": [
                        {"key": "amount", "component": "number", "label": "Amount"},
                        {"key": "months", "component": "number", "label": "Months"},
                        {
                            "key": "repayment",
                            "component": "computed",
                            "label": "Monthly repayment",
                            "expression": {"/": [{"var": "amount"}, {"var": "months"}]},
                            "validation": {"format": "money", "currency": "GBP"},
                        },
                        {"key": "sig_b", "component": "signature", "label": "Signature"},
                    ],
                },
                {
                    "key": "guarantee",
                    "title": "Guarantee",
                    "role": "guarantor",
                    "fields": [{"key": "sig_g", "component": "signature", "label": "Signature"}],
                },
            ],
            "document": document,
        }
    )


RECIPIENTS = [
    {"role": "borrower", "name": "Bea", "completed_at": SIGNED},
    {"role": "guarantor", "name": "Gus", "completed_at": SIGNED},
]
ANSWERS = {
    "amount": 6000,
    "months": 12,
    "repayment": {"amount": "1.00", "currency": "GBP"},  # stale: never trusted
    "sig_b": {"kind": "typed", "text": "Bea"},
    "sig_g": {"kind": "typed", "text": "Gus"},
}
TEXT = [{"kind": "paragraph", "html": "<p>Pay {{ repayment }} a month.</p>"}, {"kind": "fields"}]


def test_computed_values_are_answer_rows_worked_out_again() -> None:
    blocks = build_blocks(_definition(TEXT), ANSWERS, RECIPIENTS)
    rows = {r["label"]: r["value"] for r in blocks[1]["rows"]}
    assert rows["Monthly repayment"] == "£500.00"  # as the document's language writes it
    assert "500.00" in blocks[0]["html"]
    assert final_answers(_definition(TEXT), ANSWERS)["repayment"] == {
        "amount": "500.00",
        "currency": "GBP",
    }
    no_input = final_answers(_definition(TEXT), {**ANSWERS, "months": None})
    assert "repayment" not in no_input  # nothing to work it out from: no stale value either


def test_signers_the_document_places_nowhere_get_a_signatures_section() -> None:
    blocks = build_blocks(_definition(TEXT), ANSWERS, RECIPIENTS)
    heading, *signatures = blocks[2:]
    assert heading == {"kind": "heading", "text": "Signatures", "level": 3}
    assert [(s["role"], s["name"], s["typed"]) for s in signatures] == [
        ("Borrower", "Bea", "Bea"),
        ("Guarantor", "Gus", "Gus"),
    ]  # the approver signs nothing
    # the added heading is not a numbered section: the author's clauses keep "1."
    assert [i.get("number") for i in prepare_blocks(blocks)][:1] == ["1."]


def test_the_signatures_heading_is_in_the_document_language() -> None:
    for language, title in (("vi", "Chữ ký"), ("zh-CN", "签名"), ("ms", "Tandatangan")):
        blocks = build_blocks(_definition(TEXT, language), ANSWERS, RECIPIENTS)
        assert blocks[2]["text"] == title


def test_placed_hidden_and_inactive_roles() -> None:
    placed = [*TEXT, {"kind": "signature", "role": "borrower"}]
    hidden = {"kind": "signature", "role": "guarantor", "visible_if": {"<": [{"var": "amount"}, 0]}}
    blocks = build_blocks(_definition([*placed, hidden]), ANSWERS, RECIPIENTS)
    # the guarantor's only block is hidden by its condition: their signature is added
    assert [b.get("role") or b.get("text") for b in blocks[2:]] == [
        "Borrower",
        "Signatures",
        "Guarantor",
    ]
    small = {**ANSWERS, "amount": 500}  # the guarantor role's condition does not hold
    blocks = build_blocks(_definition(placed), small, RECIPIENTS[:1])
    assert [b["kind"] for b in blocks] == ["paragraph", "fields", "signature"]
    assert build_blocks(_definition([]), ANSWERS, RECIPIENTS)[-1]["kind"] == "signature"


def test_the_signing_day_is_the_last_completion() -> None:
    later = SIGNED + dt.timedelta(days=3)
    day = signing_day([{"completed_at": SIGNED}, {"completed_at": later}, {"completed_at": None}])
    assert day == later.astimezone().date()
    assert signing_day([{"completed_at": None}]) is None


def test_uploaded_files_are_listed_in_the_document_language() -> None:
    """A Chinese contract's answers named its uploads "(5482 bytes, SHA-256 …)" in English,
    while its attachment pages and certificate said "5,482 字节"."""
    sha = "e3" * 32

    def row(language: str) -> str:
        definition = parse_definition(
            {
                "name": "Claim",
                "language": language,
                "roles": [{"key": "c", "name": "Claimant"}],
                "sections": [
                    {"key": "s", "title": "Files", "role": "c", "fields": [
                        {"key": "docs", "component": "attachment", "label": "Receipts"}]},
                ],
                "document": [{"kind": "fields"}],
            }
        )  # fmt: skip
        files = [{"name": "report.pdf", "size": 5482, "sha256": sha}]
        blocks = build_blocks(definition, {"docs": files}, [])
        return str(blocks[0]["rows"][0]["value"])

    assert row("zh_CN") == f"report.pdf (5,482 字节, SHA-256 {sha})"
    assert row("en") == f"report.pdf (5,482 bytes, SHA-256 {sha})"
    assert row("fr") == f"report.pdf (5\u202f482 octets, SHA-256 {sha})"
