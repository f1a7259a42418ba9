"""/schema examples of the admin and settings answers: the webhook delivery log, API keys,
an envelope's audit trail, a template's retention and the embedding settings.

Beside runtime/api/examples.py (full), made the same way: real answers of this version
with ids, keys, hashes and times replaced; tests/integration/test_openapi_examples_settings.py
checks each against the API's answer."""

from typing import Any

from runtime.api.examples import ENVELOPE_ID, RECIPIENT_ID, TEMPLATE_ID

DELIVERIES: dict[str, Any] = {
    "items": [
        {
            "id": "3903185a-fd39-4617-8e19-04e078d2d07c",
            "event_id": "d182adaa-c13f-44b2-88d4-fd9435377a51",
            "event_type": "envelope.completed",
            "status": "retrying",
            "attempts": 1,
            "last_status_code": 503,
            "response_excerpt": "receiver is down",
            "last_error": "The receiver answered 503.",
            "created_at": "2026-11-27T04:12:31Z",
            "delivered_at": None,
            "last_attempt_at": "2026-11-27T04:12:31Z",
        }
    ]
}

API_KEYS: dict[str, Any] = {
    "items": [
        {
            "id": "1d8cf3ba-0013-4581-961e-1521c2ab6204",
            "name": "CRM",
            "prefix": "fs_4Bz-5jB",
            "scopes": ["read", "send"],
            "created_at": "2026-11-27T03:58:02Z",
            "revoked_at": None,
            "last_used_at": "2026-11-27T04:05:00Z",
        }
    ]
}
API_KEY_CREATE: dict[str, Any] = {"name": "Reporting", "scopes": ["read"]}
API_KEY_CREATED: dict[str, Any] = {
    "id": "e4a7eec2-3bdb-446b-99a6-52e807eaef90",
    "key": "fs_WV0kVFf231Zf0_X62Ubmk1cdXDMeNN_cU80eQ5NEQ5Y",
    "prefix": "fs_WV0kVFf",
    "name": "Reporting",
    "scopes": ["read"],
}

_HASHES = (
    "0e4c6f023acf9e35461011406cdb65d7493cbe04ca7d73837bcc7ca516e5911a",
    "ff77f5cff09b441b6d4f4e762d56162e2f4d99ea61f9c5627de5bc0198e32c8a",
    "9680e88a0293d38eb2b91656da61cd2e9c5a0d2077bf77c9914e009845534766",
)
AUDIT_TRAIL: dict[str, Any] = {
    "envelope_id": ENVELOPE_ID,
    "chain": {"ok": True, "count": 3, "head": _HASHES[2], "problem": ""},
    "events": [
        {
            "id": 4,
            "action": "envelope.draft",
            "actor": "api",
            "ip": "",
            "data": {"template_version_id": "5bba87be-1b55-4aa7-8f78-abd49faa7d7e"},
            "created_at": "2026-11-27T04:05:00Z",
            "hash": _HASHES[0],
            "prev_hash": "",
        },
        {
            "id": 5,
            "action": "envelope.sent",
            "actor": "api",
            "ip": "",
            "data": {},
            "created_at": "2026-11-27T04:05:00Z",
            "hash": _HASHES[1],
            "prev_hash": _HASHES[0],
        },
        {
            "id": 6,
            "action": "recipient.notified",
            "actor": "Alex Example <alex@example.com> (customer)",
            "ip": "",
            "data": {"recipient_id": RECIPIENT_ID, "user_agent": ""},
            "created_at": "2026-11-27T04:05:01Z",
            "hash": _HASHES[2],
            "prev_hash": _HASHES[1],
        },
    ],
}

RETENTION: dict[str, Any] = {"template_id": TEMPLATE_ID, "retention_days": None, "due_now": 0}
RETENTION_SET: dict[str, Any] = {"days": 365}
RETENTION_SAVED: dict[str, Any] = {**RETENTION, "retention_days": 365}

EMBEDDING_SET: dict[str, Any] = {
    "origins": ["https://intranet.example.com"],
    "issuer": "https://intranet.example.com",
}
EMBEDDING: dict[str, Any] = {
    **EMBEDDING_SET,
    "audience": "formseal",
    "mode": "hs256",
    "secret_set": True,
    "secret_ends_with": "993f",
    "secret_created_at": "2026-11-27T03:59:12Z",
    "jwks_url": None,
    "max_age_seconds": 300,
}
#: the answer that made (or rotated) the secret is the only one that holds it
EMBEDDING_SAVED: dict[str, Any] = {
    **EMBEDDING,
    "secret": "ae3d6bc1b8f0f8af50afec13d1f9d80e9c3ba7c88a559f586dc23c44850b993f",
}
