"""A long contract as a legal team builds one: 30 numbered sections of three clauses each,
six steps of ten look-alike fields, a clause quoting a field asked in the last step, and a
conditional clause. Built in code (microseconds), for the tests of finding one's way in it."""

from typing import Any

FILLER = (
    "<p>The parties agree that this clause applies throughout the term and that any notice "
    "under it is given in writing to the addresses in this agreement.</p>"
)


def long_contract() -> dict[str, Any]:
    sections = [
        {
            "key": f"step_{s}",
            "title": f"Step {s} details",
            "role": "client",
            "fields": [
                {"key": f"address_line_{s}_{f}", "component": "text", "label": f"Address line {f}"}
                for f in range(1, 11)
            ],
        }
        for s in range(1, 7)
    ]
    sections[0]["fields"].insert(
        0, {"key": "auto_renew", "component": "checkbox", "label": "Renews automatically"}
    )
    sections[-1]["fields"] += [
        {"key": "guarantor_name", "component": "text", "label": "Guarantor name", "required": True},
        {"key": "signature", "component": "signature", "label": "Signature", "required": True},
    ]
    document: list[dict[str, Any]] = [{"kind": "heading", "text": "Master services agreement"}]
    for n in range(1, 31):
        document.append({"kind": "heading", "text": f"Section {n}", "level": 2})
        document += [{"kind": "paragraph", "html": FILLER} for _ in range(3)]
    # clause 28.2 quotes the guarantor; clause 20.1 applies only when the agreement renews
    document[document.index({"kind": "heading", "text": "Section 28", "level": 2}) + 2] = {
        "kind": "paragraph",
        "html": "<p>{{ guarantor_name }} guarantees the Client's obligations.</p>",
    }
    document[document.index({"kind": "heading", "text": "Section 20", "level": 2}) + 1] = {
        "kind": "paragraph",
        "html": "<p>It renews for further terms of twelve months.</p>",
        "visible_if": {"==": [{"var": "auto_renew"}, True]},
    }
    document.append({"kind": "signature", "role": "client", "field": "signature"})
    return {
        "name": "Master services agreement",
        "roles": [{"key": "client", "name": "Client", "kind": "signer", "stage": 1}],
        "sections": sections,
        "document": document,
    }


def block_index(definition: dict[str, Any], words: str) -> int:
    """The index of the first paragraph holding `words`."""
    return next(i for i, b in enumerate(definition["document"]) if words in b.get("html", ""))
