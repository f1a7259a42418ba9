"""Publish lint: a role that signs but has no signature block in the authored document is
warned about (the sealed PDF then adds a Signatures section at the end for it)."""

from typing import Any

from designer.publishing.lint import lint


def _definition(document: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "Loan",
        "roles": [
            {"key": "borrower", "name": "Borrower", "stage": 1},
            {"key": "guarantor", "name": "Guarantor", "stage": 2},
            {"key": "manager", "name": "Manager", "kind": "approver", "stage": 3},
            {"key": "office", "name": "Back office", "kind": "cc", "stage": 3},
        ],
        "sections": [
            {
                "key": "loan",
                "title": "Your loan",
                "role": "borrower",
                "fields": [
                    {"key": "full_name", "component": "text", "label": "Full name"},
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


def _unplaced(document: list[dict[str, Any]]) -> list[str]:
    return [
        p.message
        for p in lint(_definition(document))
        if "no place for their signature" in p.message
    ]


def test_each_signer_without_a_signature_block_is_warned_about() -> None:
    text = [{"kind": "paragraph", "html": "<p>{{ full_name }} borrows.</p>"}]
    problems = [p for p in lint(_definition(text)) if "no place for" in p.message]
    assert [p.level for p in problems] == ["warning", "warning"]
    assert problems[0].message.startswith(
        "Borrower signs but the document shows no place for their signature"
    )
    assert problems[1].message.startswith("Guarantor signs")
    assert "Signatures section" in problems[0].message
    assert problems[0].where == "the document" and problems[0].tab == "document"


def test_a_placed_signature_block_or_the_standard_layout_is_not_warned_about() -> None:
    placed: list[dict[str, Any]] = [
        {"kind": "paragraph", "html": "<p>Terms.</p>"},
        {"kind": "signature", "role": "borrower"},
        {"kind": "signature", "role": "guarantor", "visible_if": {"!": [{"var": "full_name"}]}},
    ]
    assert _unplaced(placed) == []
    only_one = [{"kind": "paragraph", "html": "<p>Terms.</p>"}, placed[1]]
    assert [m.split(" ", 1)[0] for m in _unplaced(only_one)] == ["Guarantor"]
    assert _unplaced([]) == []  # no document: the standard layout shows every signature
