"""A merge field without an answer in the sealed PDF: the clause shows a dash (—), as the
answer tables do for a blank, so a lawyer reading "pay — per month" sees "not answered"
where "pay  per month" read like a typo. Checked on the PDF's text (pypdf)."""

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from components import parse_definition
from runtime.envelopes.document import UNANSWERED, build_blocks
from runtime.sealing import seal_document
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"

LEASE = {
    "name": "Lease",
    "roles": [{"key": "customer", "name": "Customer"}],
    "sections": [
        {
            "key": "s",
            "title": "Terms",
            "role": "customer",
            "fields": [
                {"key": "company", "component": "text", "label": "Company", "required": True},
                {"key": "rent", "component": "text", "label": "Monthly rent"},
                {"key": "deposit", "component": "text", "label": "Deposit"},
                {"key": "pets", "component": "checkbox", "label": "Pets allowed"},
            ],
        }
    ],
    "document": [
        {"kind": "heading", "text": "Lease", "level": 1},
        {
            "kind": "paragraph",
            "html": "<p>{{ company }} shall pay {{ rent }} per month; "
            "the deposit is {{deposit}}. Pets: {{ pets }}.</p>",
        },
    ],
}


def _clause(answers: dict) -> str:
    blocks = build_blocks(parse_definition(LEASE), answers, [])
    return next(b["html"] for b in blocks if b["kind"] == "paragraph")


def test_an_unanswered_merge_field_is_a_dash_in_the_clause() -> None:
    clause = _clause({"company": "Northwind", "rent": "EUR 1,200"})
    assert UNANSWERED == "—"
    assert "Northwind shall pay EUR 1,200 per month; the deposit is —. Pets: No." in clause


def test_an_answer_that_is_only_left_out_of_the_answers_is_a_dash_too() -> None:
    clause = _clause({"company": "Northwind"})
    assert "shall pay — per month; the deposit is —." in clause
    assert "pay  per" not in clause and "is ." not in clause


def test_the_sealed_pdf_shows_the_dash_where_the_answer_would_be(tmp_path: Path) -> None:
    blocks = build_blocks(parse_definition(LEASE), {"company": "Northwind", "rent": "1200"}, [])
    seal_input = sample_seal_input(blocks=blocks, language="en")
    pdf = seal_document(seal_input, keys_dir=tmp_path / "keys", themes_dir=THEMES).pdf
    text = " ".join((PdfReader(BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert "Northwind shall pay 1200 per month; the deposit is —. Pets: No." in text


def test_the_signers_draft_keeps_its_blank_line_to_fill() -> None:
    blocks = build_blocks(parse_definition(LEASE), {"company": "Northwind"}, [], unanswered="___")
    clause = next(b["html"] for b in blocks if b["kind"] == "paragraph")
    assert "shall pay ___ per month; the deposit is ___." in clause
