"""Request and response examples for the OpenAPI schema at /schema (documented.py puts
them on the operations).

The examples are real answers of this version (ids and times replaced), so a client
written against them works; tests/integration/test_openapi_examples.py posts the envelope
example and checks the operations carry their examples.
"""

from typing import Any

TEMPLATE_ID = "6f047dd1-0618-49ac-b51b-00ae61c055cd"
ENVELOPE_ID = "cae60a3a-7971-46aa-a5af-9e8e45bfab8c"
RECIPIENT_ID = "f85732fc-6338-4a47-a052-aabac1421839"

DEFINITION: dict[str, Any] = {
    "name": "Service agreement",
    "language": "en",
    "roles": [{"key": "customer", "name": "Customer"}],
    "sections": [
        {
            "key": "your_details",
            "title": "Your details",
            "role": "customer",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name", "required": True},
                {"key": "email", "component": "email", "label": "Email address", "required": True},
                {"key": "po_number", "component": "text", "label": "Purchase order number"},
            ],
        },
        {
            "key": "agreement",
            "title": "Agree and sign",
            "role": "customer",
            "fields": [
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Your signature",
                    "required": True,
                }
            ],
        },
    ],
    "document": [
        {"kind": "heading", "text": "Service agreement"},
        {"kind": "paragraph", "html": "<p>Between Northwind Services Ltd and {{ full_name }}.</p>"},
        {"kind": "fields"},
        {"kind": "signature", "role": "customer", "field": "signature"},
    ],
}
TEMPLATE: dict[str, Any] = {
    "id": TEMPLATE_ID,
    "slug": "service-agreement",
    "name": "Service agreement",
    "status": "active",
    "version": {
        "id": "5bba87be-1b55-4aa7-8f78-abd49faa7d7e",
        "number": 1,
        "sha256": "dde0391740d32ff4faacda3b1b24057a48f0a477b9bee5970cee23856400c169",
        "created_at": "2026-11-27T04:00:16.652966Z",
    },
    "definition": DEFINITION,
    "warnings": [],
    "published": True,
}
PUBLISHED = {**TEMPLATE, "version": {**TEMPLATE["version"], "number": 2}}
# published all the same: what the designer's publish check would say, in its words
WARNED_DEFINITION: dict[str, Any] = {
    **DEFINITION,
    "document": [
        DEFINITION["document"][0],
        {
            "kind": "paragraph",
            "html": "<p>Between Northwind Services Ltd and {{ full_name }}, "
            "purchase order {{ po_number }}.</p>",
        },
        *DEFINITION["document"][2:],
    ],
}
WARNINGS: list[dict[str, str]] = [
    {
        "path": "$.document[1]",
        "message": "This paragraph quotes the answer to “Purchase order number”, an "
        "optional question: left empty, it shows as a dash (—) in the signed PDF. Make the question "
        "required, or give this paragraph the rule “Purchase order number is answered”.",
        "severity": "warning",
    }
]
WARNED = {
    **TEMPLATE,
    "version": {
        **TEMPLATE["version"],
        "sha256": "0a9b6321b113709da9bd5d37669242d2d994f800f5936523e437888a9ee37913",
    },
    "definition": WARNED_DEFINITION,
    "warnings": WARNINGS,
}
FETCHED = {k: v for k, v in WARNED.items() if k != "published"}
UNCHANGED = {**PUBLISHED, "published": False}
ENVELOPE_CREATE: dict[str, Any] = {
    "template_id": TEMPLATE_ID,
    "recipients": [{"role": "customer", "name": "Alex Example", "email": "alex@example.com"}],
    "prefill": {"email": "alex@example.com", "po_number": "PO-2026-0042"},
    "message": "Please sign the service agreement by Friday.",
    "expires_in_days": 30,
    "tags": ["sales"],
}
RECIPIENT: dict[str, Any] = {
    "id": RECIPIENT_ID,
    "role": "customer",
    "name": "Alex Example",
    "email": "alex@example.com",
    "kind": "signer",
    "stage": 1,
    "status": "notified",
    "viewed_at": None,
    "completed_at": None,
    "sso_subject": None,
}
ENVELOPE: dict[str, Any] = {
    "id": ENVELOPE_ID,
    "status": "sent",
    "template_id": TEMPLATE_ID,
    "template_version": 1,
    "created_at": "2026-11-27T04:01:04Z",
    "completed_at": None,
    "sealed": False,
    "seal": {
        "state": "waiting",
        "attempts": 0,
        "max_attempts": 0,
        "next_attempt_at": None,
        "error": None,
    },
    "expires_at": "2026-12-27T04:01:04Z",
    "decline_reason": None,
    "void_reason": None,
    "answers": {},
    "tags": ["sales"],
    "sent_as": "2b0c8f4e-5d1a-4c3e-9f6b-7a8d9e0f1a2b",
    "sent_via": "api",
    "recipients": [RECIPIENT],
}
ENVELOPE_CREATED: dict[str, Any] = {
    **ENVELOPE,
    "recipients": [
        {**RECIPIENT, "signing_url": "https://forms.example.com/s/Iom78_8eVBgyEHU0f3iqw8mTNU8SS8"}
    ],
}
ENVELOPE_COMPLETED: dict[str, Any] = {
    **ENVELOPE,
    "status": "completed",
    "completed_at": "2026-11-28T09:12:40Z",
    "sealed": True,
    "seal": {
        "state": "sealed",
        "attempts": 1,
        "max_attempts": 5,
        "next_attempt_at": None,
        "error": None,
    },
    "answers": {
        "full_name": "Alex Example",
        "email": "alex@example.com",
        "po_number": "PO-2026-0042",
    },
    "recipients": [
        {
            **RECIPIENT,
            "status": "completed",
            "viewed_at": "2026-11-28T09:10:02Z",
            "completed_at": "2026-11-28T09:12:40Z",
        }
    ],
}
ENVELOPE_LIST: dict[str, Any] = {
    "items": [
        {
            "id": ENVELOPE_ID,
            "status": "sent",
            "created_at": "2026-11-27T04:01:04Z",
            "completed_at": None,
            "sender_email": None,  # made through the API without one
            "sent_via": "api",
        }
    ],
    "page": 1,
    "per_page": 20,
    "total": 1,
}
SEARCH: dict[str, Any] = {
    "items": [
        {
            "id": "1f51cd16-8a3e-4c52-9d0b-2f6a7e9c4b11",
            "status": "completed",
            "template_id": TEMPLATE_ID,
            "template_name": "Service agreement",
            "template_version": 1,
            "created_at": "2026-11-26T23:56:18Z",
            "completed_at": "2026-11-26T23:56:38Z",
            "purged": False,
            "sealed": True,
            "sender_email": "anna@legal.example.com",
            "sent_via": "designer",
            "recipients": [
                {
                    "name": "Đặng Thu Hà",
                    "email": "ha.dang@corp.test",
                    "role": "customer",
                    "status": "completed",
                }
            ],
            "tags": ["hr"],
        },
        {
            "id": ENVELOPE_ID,
            "status": "sent",
            "template_id": TEMPLATE_ID,
            "template_name": "Service agreement",
            "template_version": 1,
            "created_at": "2026-11-27T04:01:04Z",
            "completed_at": None,
            "purged": False,
            "sealed": False,
            "sender_email": None,  # made through the API without one
            "sent_via": "api",
            "recipients": [
                {
                    "name": "Alex Example",
                    "email": "alex@example.com",
                    "role": "customer",
                    "status": "notified",
                }
            ],
            "tags": ["sales"],
        },
    ],
    "page": 1,
    "per_page": 25,
    "total": 2,
    "total_exact": True,
}
WEBHOOK_CREATE: dict[str, Any] = {
    "url": "https://crm.example.com/formseal",
    "events": ["envelope.completed"],
    "description": "CRM",
}
WEBHOOK: dict[str, Any] = {
    "id": "0de12a12-2367-4d5b-881a-a2132ab85cac",
    **WEBHOOK_CREATE,
    "active": True,
    "secret_ends_with": "u6kI",
    "secret_created_at": "2026-11-27T04:01:04Z",
    "created_at": "2026-11-27T04:01:04Z",
}
WEBHOOK_CREATED: dict[str, Any] = {
    **WEBHOOK,
    "secret": "whsec_uD6fV07sv2lmyXOjdczgnU8ibdCBh9hcUaD5pg7u6kI",
}
WEBHOOK_ROTATED: dict[str, Any] = {
    **WEBHOOK,
    "secret_ends_with": "Q3ws",
    "secret_created_at": "2026-12-04T10:15:30Z",
    "secret": "whsec_Jm2Vt0c9kX1pZr4LwqE7sNbY8aH5dFgU6iOeTyRQ3ws",
}
BULK_PREVIEW: dict[str, Any] = {
    "total": 2,
    "valid": 1,
    "mapping": {
        "recipients": {"customer": {"name": "Name", "email": "Email"}},
        "prefill": {"po_number": "Purchase order number"},
        "ignored": [],
    },
    "errors": [
        {
            "row": 3,
            "column": "Email",
            "message": "Empty: enter an email address for Customer (their link is mailed there)",
        }
    ],
    "error_count": 1,
    "sample": [
        {
            "row": 2,
            "recipients": [
                {"role": "customer", "name": "Alex Example", "email": "alex@example.com"}
            ],
            "prefill": {"po_number": "PO-2026-0042"},
        }
    ],
}
BULK_FORM: dict[str, Any] = {
    "template_id": TEMPLATE_ID,
    "file": "(customers.csv: Name,Email,Purchase order number)",
    "dry_run": "true",
    "message": "Please sign the service agreement.",
    "expires_in_days": "30",
}
BULK_STARTED: dict[str, Any] = {
    "id": "7d1d3c5e-54b1-4c56-9f7e-5a0f3f1e2b11",
    "template_id": TEMPLATE_ID,
    "status": "queued",
    "filename": "customers.csv",
    "total": 2,
    "created": 0,
    "failed": 0,
    "queued": 2,
    "failures": [],
    "progress": 0.0,
    "last_error": None,
    "created_at": "2026-11-27T04:05:00Z",
    "finished_at": None,
}
