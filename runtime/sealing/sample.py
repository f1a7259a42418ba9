"""A realistic sample envelope (Latin, Vietnamese, Chinese, a drawn and a typed signature).

Used by the tests, benchmarks and demos so they all exercise the same document, and by the
brand screen's preview (designer/branding/preview.py) to show a brand's look. It is not a
catalogue of the certificate's kinds of rows: those share the one look of a recipient's
facts, and each has its own test on a real envelope (a copy-only person:
tests/integration/test_sealed_copy_recipient.py; the organisation's company stamp:
tests/integration/stamps/test_autosign.py).
"""

from __future__ import annotations

import base64
import math
from typing import Any

from .inputs import SealInput
from .png import png

SAMPLE_ENVELOPE_ID = "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f"


def signature_png(width: int = 240, height: int = 80) -> bytes:
    """A hand-drawn-looking squiggle as a real RGBA PNG (png.py)."""
    ink: set[tuple[int, int]] = set()
    for x in range(12, width - 12):
        y = int(height / 2 + 20 * math.sin(x / 13) * math.cos(x / 41))
        ink.update((x, y + d) for d in (-1, 0, 1))
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += b"\x10\x20\x4a\xff" if (x, y) in ink else b"\0\0\0\0"
    return png(width, height, bytes(raw), bit_depth=8, colour_type=6)


def sample_seal_input(**overrides: Any) -> SealInput:
    png = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
    fields: dict[str, Any] = {
        "envelope_id": SAMPLE_ENVELOPE_ID,
        "template_name": "Service agreement <Acme & Co>",
        "template_version": 3,
        "version_sha256": "a" * 64,
        "language": "vi",
        "blocks": [
            {"kind": "heading", "text": "Hợp đồng dịch vụ — Service agreement", "level": 1},
            {
                "kind": "paragraph",
                "html": "<p>This agreement is made between <strong>Acme Ltd</strong> and "
                "the client named below.</p>",
            },
            {"kind": "heading", "text": "Services / 服务协议", "level": 2},
            {
                "kind": "paragraph",
                "html": "<p>Hợp đồng dịch vụ này được lập giữa hai bên, có hiệu lực kể từ "
                "ngày ký. Bên cung cấp dịch vụ cam kết thực hiện đúng các điều khoản.</p>",
            },
            {
                "kind": "paragraph",
                "html": "<p>本服务协议由双方签订，自签署之日起生效。服务提供方应按照本协议"
                "的条款提供服务。</p>",
            },
            {"kind": "heading", "text": "Client details", "level": 2},
            {
                "kind": "fields",
                "rows": [
                    {"label": "Full name", "value": "Nguyễn Thị Minh Khai"},
                    {"label": "Company", "value": "<script>alert(1)</script> & Sons"},
                    {"label": "Start date", "value": "2026-12-01"},
                    {"label": "Notes", "value": "Line one\nLine two — 备注"},
                ],
            },
            {
                "kind": "paragraph",
                "html": "<p>The client confirms the details above are correct.</p>",
            },
            {
                "kind": "signature",
                "role": "Client",
                "name": "Nguyễn Thị Minh Khai",
                "image": png,
                "typed": None,
                "signed_at": "2026-11-23T14:05:12Z",
            },
            {
                "kind": "signature",
                "role": "Provider",
                "name": "Jane O'Neil",
                "image": None,
                "typed": "Jane O'Neil",
                "signed_at": "2026-11-23T15:40:00+00:00",
            },
        ],
        "recipients": [
            {
                "name": "Nguyễn Thị Minh Khai",
                "email": "khai@example.vn",
                "role": "Client",
                "ip": "203.0.113.7",
                "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                "viewed_at": "2026-11-23T14:01:00Z",
                "signed_at": "2026-11-23T14:05:12Z",
                "identity_checks": ["one-time code sent by SMS"],
                "consent_at": "2026-11-23T14:01:30Z",
                "consent_sha256": "c" * 64,
            },
            {
                "name": "Jane O'Neil",
                "email": "jane@acme.example",
                "role": "Provider",
                "ip": "2001:db8::1",
                "user_agent": "Mozilla/5.0 (Macintosh) Safari/605.1.15",
                "viewed_at": "2026-11-23T15:38:00Z",
                "signed_at": "2026-11-23T15:40:00Z",
                "identity_checks": [],
                "consent_at": "2026-11-23T15:38:20Z",
                "consent_sha256": "c" * 64,
            },
        ],
        "answers": {"full_name": "Nguyễn Thị Minh Khai", "start": "2026-12-01", "n": 3},
        "verify_url": "http://127.0.0.1:8000/verify",
        "organisation_name": "Acme Ltd",
    }
    fields.update(overrides)
    return SealInput(**fields)
