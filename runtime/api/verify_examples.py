"""/api/v1/verify's answers as /schema shows them: every key a real report has
(tests/integration/test_verify_api_report.py compares them with one)."""

from typing import Any

from runtime.api.examples import ENVELOPE_ID

_SEAL_HEAD = "2bb2df538acea91c3fcc85b017bf92112d514487d90477f4a1cf314ccb222550"
VERIFIED: dict[str, Any] = {
    "ok": True,
    "intact": True,
    "modified": False,
    "sealed_by_this_instance": True,
    "envelope_id": ENVELOPE_ID,
    "signer": "Acme Ltd formseal seal",
    "signer_name": "Acme Ltd",
    "signed_at": "2026-11-28T09:12:44Z",
    "reasons": [
        "The seal is valid: the document is unchanged since it was sealed.",
        "The file is byte for byte the sealed PDF this service stored.",
        "The audit trail agrees: the head sealed into the PDF is event 7 of 7 in this "
        "service's records, whose hash chain is intact.",
    ],
    "level": "PAdES B-B",
    "timestamp": None,
    "timestamp_trusted": False,
    "timestamp_authority": None,
    "validation_data": False,
    "signer_subject": "Common Name: Acme Ltd formseal seal, Organization: Acme Ltd",
    "issuer": "Common Name: Acme Ltd formseal local CA, Organization: Acme Ltd",
    "cert_fingerprint": "88917b3206d7d03ca0218d3f9aefc9755afc2235c56a1f87aac3a5ec08eba933",
    "self_signed_ca": True,
    "audit_head": _SEAL_HEAD,
    "audit_events": 7,
    "changes": [],
    "draft": False,
    "signatures": [
        {
            "field": "Seal",
            "label": "Seal",
            "kind": "seal",
            "ok": True,
            "intact": True,
            "trusted": True,
            "signer": "Acme Ltd formseal seal",
            "signer_name": "Acme Ltd",
            "reason": "Sealed by formseal",
            "signed_at": "2026-11-28T09:12:44Z",
            "covers_whole_file": False,
            "made_by": "Sealed by Acme Ltd",
        },
        {
            # `field` is the name in the file, `label` the words the /verify page shows
            "field": "Stage1",
            "label": "Stage 1",
            "kind": "stage approval",
            "ok": True,
            "intact": True,
            "trusted": True,
            "signer": "Acme Ltd formseal seal",
            "signer_name": "Acme Ltd",
            "reason": "Stage 1 approved by Cy Claimant (stage completed 2026-11-28 09:12:40 UTC)",
            "signed_at": "2026-11-28T09:12:44Z",
            "covers_whole_file": True,
            "made_by": "Stage approval by Cy Claimant",
        },
    ],
    "sha256": "2da3f52ae85f7d819c4ad0b51d51df06ebb1987c360818ddba6cdbd63beb3272",
    "current_key": True,
    "records_checked": True,
    "known_envelope": True,
    "matches_stored_seal": True,
    "audit_chain": {
        "ok": True,
        "count": 7,
        "problem": "",
        "sealed_head": _SEAL_HEAD,
        "sealed_head_position": 7,
        "purged_on": None,
    },
}
#: the same PDF once its envelope's data was deleted at the end of its retention period:
#: the trail is a summary, so `sealed_head_position` is null and `purged_on` says the day
VERIFIED_PURGED: dict[str, Any] = {
    **VERIFIED,
    "reasons": [
        "The seal is valid: the document is unchanged since it was sealed.",
        "The file is byte for byte the sealed PDF this service stored; the envelope's "
        "answers and files were deleted from this service on 2027-11-28, at the end of its "
        "retention period.",
        "The envelope's audit trail was replaced by a summary when its data was deleted on "
        "2027-11-28; it was intact then (7 events).",
    ],
    "audit_chain": {
        **VERIFIED["audit_chain"],
        "sealed_head_position": None,
        "purged_on": "2027-11-28",
    },
}
