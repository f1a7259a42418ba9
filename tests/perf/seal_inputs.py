"""The documents of the sealing benchmark (bench_seal.py), built as the seal job builds them.

- the demo service agreement: runtime/demo's definition and a customer's answers;
- the sample contract (runtime/sealing/sample.py: Latin, Vietnamese and Chinese text, a
  fields table, a drawn PNG and a typed signature);
- a 20-page, 200-field document built from the same kinds of blocks.
"""

from __future__ import annotations

import base64
from dataclasses import replace

SECTIONS = 20
FIELDS_PER_SECTION = 10

CLAUSES = [
    "<p>The Provider will deliver the services described in the order form with reasonable "
    "skill and care, and will tell the Customer in writing of any change to them. Each party "
    "keeps the other's confidential information secret and uses it only for this agreement.</p>",
    "<p>Bên cung cấp dịch vụ cam kết thực hiện đúng các điều khoản đã thỏa thuận, bảo mật "
    "thông tin của khách hàng và thông báo kịp thời mọi thay đổi liên quan đến dịch vụ.</p>",
    "<p>服务提供方应按照本协议的条款提供服务，对客户信息严格保密，并及时书面通知客户"
    "与服务有关的任何变更。双方应本着诚实信用的原则履行本协议。</p>",
]


def demo_seal_input():  # type: ignore[no-untyped-def]
    """The demo service agreement, built like the seal job does (definition + answers)."""
    from datetime import UTC, datetime

    from components import parse_definition
    from runtime.demo import SERVICE_AGREEMENT
    from runtime.envelopes.document import build_blocks
    from runtime.sealing.sample import sample_seal_input, signature_png

    definition = parse_definition(SERVICE_AGREEMENT.read_bytes())
    png = "data:image/png;base64," + base64.b64encode(signature_png()).decode()
    answers = {
        "full_name": "Nguyễn Thị Minh Khai",
        "email": "khai@example.vn",
        "company": "北京星辰科技有限公司",
        "start_date": "2027-03-01",
        "notes": "Xin gửi hóa đơn qua email. 请通过电子邮件发送发票。",
        "accept_terms": True,
        "signature": {"kind": "drawn", "image": png},
    }
    recipients = [
        {
            "role": "customer",
            "name": "Nguyễn Thị Minh Khai",
            "completed_at": datetime(2026, 11, 23, 14, 5, 12, tzinfo=UTC),
        }
    ]
    sample = sample_seal_input()
    return replace(
        sample,
        template_name=definition.name,
        language=definition.language,
        blocks=build_blocks(definition, answers, recipients),
        recipients=sample.recipients[:1],
        answers=answers,
        organisation_name="Northwind Services Ltd",
    )


def big_seal_input():  # type: ignore[no-untyped-def]
    """20 numbered sections, each a page: heading, three clauses, a table of ten fields."""
    from runtime.sealing.sample import sample_seal_input

    sample = sample_seal_input()
    blocks: list[dict] = [
        {"kind": "heading", "text": "Framework agreement — Hợp đồng khung — 框架协议", "level": 1}
    ]
    answers: dict[str, str] = {}
    for s in range(1, SECTIONS + 1):
        blocks.append({"kind": "heading", "text": f"Schedule {s}", "level": 2})
        blocks += [{"kind": "paragraph", "html": clause} for clause in CLAUSES]
        rows = []
        for f in range(1, FIELDS_PER_SECTION + 1):
            key = f"s{s:02d}_f{f:02d}"
            value = ["Nguyễn Thị Minh Khai", "北京市朝阳区建国路 88 号", f"2027-03-{f:02d}"][f % 3]
            answers[key] = value
            rows.append({"label": f"Field {s}.{f} ({key})", "value": value})
        blocks.append({"kind": "fields", "rows": rows})
        if s < SECTIONS:
            blocks.append({"kind": "page_break"})
    blocks += [b for b in sample.blocks if b["kind"] == "signature"]
    return replace(
        sample, template_name="Framework agreement (20 schedules)", blocks=blocks, answers=answers
    )
