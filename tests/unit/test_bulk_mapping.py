"""Bulk send columns prefill only the fields they may: the template's prefill settings decide
on the designer's screens, also for a mapping stored before the template changed."""

import json
from pathlib import Path

from components import parse_definition
from runtime.bulk.mapping import map_columns, mapping_from_dict

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"
DEMO_DEFINITION = parse_definition(json.loads(DEMO.read_text()))
HEADERS = ["Customer name", "Customer email", "Email address", "Company name (optional)"]


def test_the_api_guesses_any_prefillable_field_and_the_screens_only_the_senders() -> None:
    everything = map_columns(DEMO_DEFINITION, HEADERS)
    senders = map_columns(DEMO_DEFINITION, HEADERS, DEMO_DEFINITION.prefilled_by("api"))
    assert everything.prefill == {"email": "Email address", "company": "Company name (optional)"}
    assert senders.prefill == {"email": "Email address"}
    assert senders.ignored == ["Company name (optional)"]


def test_a_stored_mapping_loses_fields_the_template_no_longer_lets_the_sender_fill() -> None:
    stored = map_columns(DEMO_DEFINITION, HEADERS).as_dict()
    mapping = mapping_from_dict(stored, DEMO_DEFINITION.prefilled_by("api"))
    assert mapping.prefill == {"email": "Email address"}
    assert mapping.ignored == ["Company name (optional)"]
    assert mapping.recipients == {"customer": {"name": "Customer name", "email": "Customer email"}}


def test_no_column_fills_in_a_signature() -> None:
    """Nobody signs for the signer, in bulk either: a column named like the signature field
    is not used (the API's prefill would refuse it)."""
    signature = next(f for _, f in DEMO_DEFINITION.fields() if f.component == "signature")
    mapping = map_columns(DEMO_DEFINITION, [*HEADERS, signature.label, signature.key])
    assert signature.key not in mapping.prefill
    assert mapping.ignored == [signature.label, signature.key]
    assert signature not in DEMO_DEFINITION.prefillable_fields()
