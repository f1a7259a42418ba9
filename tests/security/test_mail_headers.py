"""Mail header injection (SECURITY.md 21): CR/LF in recipient names, addresses, template
names (the subject) and the sender's organisation name. Either the request is refused with
a reason and nothing is queued, or the mail goes out with the text folded into one header
and no extra header or recipient."""

import uuid
from dataclasses import replace

from litestar.testing import AsyncTestClient

from runtime.mail.compose import compose
from runtime.settings import Settings
from runtime.tables import Envelope, Job
from tests.integration.conftest import (
    Mailbox,
    Org,
    demo_definition,
    import_template,
    new_org,
    run_jobs,
)
from tests.security.helpers import sqlite_only

INJECTIONS = [
    "Alex\r\nBcc: evil@example.com",
    "Alex\nBcc: evil@example.com",
    "Alex\rBcc: evil@example.com",
    "Alex\u2028Bcc: evil@example.com",
    # an RFC 2047 encoded word: Python's email package < 3.11.10 decoded it into a raw
    # line break in address headers (CVE-2024-6923); formseal breaks the opener
    "=?utf-8?q?Alex=0D=0ABcc:_evil@example.com?=",
]


def _no_injection(mailbox: Mailbox) -> None:
    for message in mailbox.messages:
        assert message["Bcc"] is None and message["Cc"] is None, message.as_string()[:400]
        addresses = [a.addr_spec for a in message["To"].addresses]
        assert addresses and "evil@example.com" not in addresses  # a quoted name is fine
        for name, value in message.items():
            assert "\n" not in str(value).replace("\n ", "").replace("\r\n ", ""), name


@sqlite_only
async def test_crlf_in_addresses_is_refused_and_nothing_is_queued(
    mail_client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(mail_client, org)
    jobs = await Job.count()
    for address in ("a@example.com\r\nBcc: evil@example.com", "a@example.com\nTo: b@x.com"):
        refused = await mail_client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={
                "template_id": template["id"],
                "recipients": [{"role": "customer", "name": "A", "email": address}],
                "prefill": {"email": "a@example.com"},
            },
        )
        assert refused.status_code in (400, 422), refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "email" in refused.text.lower()
    assert await Job.count() == jobs
    assert await Envelope.count().where(Envelope.organisation == org.id) == 0


async def test_crlf_in_names_and_subjects_never_adds_a_header(
    mail_client: AsyncTestClient, mail_settings: Settings, mailbox: Mailbox
) -> None:
    org = await new_org("Acme\r\nBcc: evil@example.com")
    definition = demo_definition()
    definition["name"] = "Agreement\r\nBcc: evil@example.com"
    imported = await mail_client.post("/api/v1/templates", json=definition, headers=org.auth)
    if imported.status_code == 201:
        template_id = imported.json()["id"]
    else:  # refusing the name outright is fine too; then carry on with a clean one
        assert imported.status_code == 422, imported.text
        template_id = (await import_template(mail_client, org))["id"]
    sent = 0
    for i, name in enumerate(INJECTIONS):
        answer = await mail_client.post(
            "/api/v1/envelopes",
            headers=org.auth,
            json={
                "template_id": template_id,
                "recipients": [{"role": "customer", "name": name, "email": f"r{i}@example.com"}],
                "prefill": {"email": f"r{i}@example.com"},
            },
        )
        assert answer.status_code in (201, 422), answer.text
        sent += answer.status_code == 201
    await run_jobs(mail_settings)
    assert len(mailbox.messages) >= sent
    _no_injection(mailbox)


@sqlite_only
def test_compose_folds_every_header_value(settings: Settings) -> None:
    """The mail builder itself, every value hostile (no database needed): the message
    survives a round trip through bytes with exactly the headers we set."""
    import email
    import email.policy

    for hostile, kind in zip(
        [*INJECTIONS, "X\r\nBcc: evil@example.com\r\nSubject: pay now"],
        ["invitation", "reminder", "completed", "declined", "expired", "invitation"],
        strict=True,
    ):
        message = compose(
            replace(settings, mail_from="formseal@example.com"),
            kind,
            to_name=hostile,
            to_email="alex@example.com",
            sender_name=hostile,
            context={
                "name": hostile,
                "document": hostile,
                "envelope_id": str(uuid.uuid4()),
                "message": hostile,
                "expires_at": "",
                "action": "sign",
                "button": "Review and sign",
                "url": "https://example.com/s/x",
                "reason": hostile,
                "decliner": hostile,
                "attached": False,
            },
        )
        parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        assert parsed.get_all("Bcc") is None and len(parsed.get_all("Subject") or []) == 1
        assert [a.addr_spec for a in parsed["To"].addresses] == ["alex@example.com"]
        assert "\n" not in str(parsed["Subject"]) and "\n" not in str(parsed["From"])
        assert parsed["From"].addresses[0].addr_spec == "formseal@example.com"


@sqlite_only
def test_line_breaks_in_names_do_not_cut_the_subject(settings: Settings) -> None:
    """A template name with a line break (no injection: the header folds it) used to end
    the subject early and start the body with the rest of the name."""
    message = compose(
        replace(settings, mail_from="formseal@example.com"),
        "invitation",
        to_name="Alex\r\n  Example",
        to_email="alex@example.com",
        sender_name="Acme\tLtd",
        context={
            "name": "Alex\nExample",
            "document": "Service\r\nagreement\t2027",
            "envelope_id": str(uuid.uuid4()),
            "message": "First line.\nSecond line.",
            "expires_at": "",
            "action": "sign",
            "button": "Review and sign",
            "url": "https://example.com/s/x",
            "reason": "",
            "decliner": "",
            "attached": False,
        },
    )
    assert message["Subject"] == "Acme Ltd asks you to sign: Service agreement 2027"
    assert message["To"].addresses[0].display_name == "Alex Example"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert text.lstrip().startswith("Hello Alex Example,"), text[:200]
    assert "First line.\nSecond line." in text  # the sender's message keeps its lines
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Service agreement 2027" in html


def _mail_kinds(settings: Settings) -> list[str]:
    """Every mail the default theme can send (`<kind>.txt` is its subject and text)."""
    folder = settings.themes_dir / "default" / "email"
    return sorted(p.stem for p in folder.glob("*.txt") if not p.name.startswith("_"))


@sqlite_only
def test_every_mail_kind_folds_hostile_names_and_escapes_them(settings: Settings) -> None:
    """Each kind of mail the theme holds, found in its folder so that a new one (the stamp
    to apply by hand, the seal failure, the designer's invitation) is covered without being
    listed here: names, the document, the stamp and free text carrying a line break, a Bcc
    and a script give one Subject, one recipient, no Bcc, and escaped HTML."""
    import email
    import email.policy

    kinds = _mail_kinds(settings)
    assert {"invitation", "stamp_by_hand", "seal_failed", "designer_invitation"} <= set(kinds)
    hostile = 'X\r\nBcc: evil@example.com\r\nSubject: pay now <script>alert("x")</script>'
    words = ("name", "document", "stamp", "reason", "decliner", "decliner_role")
    context = {
        **{word: hostile for word in words},
        **{word: hostile for word in ("invited_by", "role", "message")},
        "envelope_id": str(uuid.uuid4()),
        "expires_at": "",
        "action": "sign",
        "button": "Review and sign",
        "url": "https://example.com/s/x",
        "envelope_url": "https://example.com/designer/envelopes/x",
        "designer_url": "https://example.com/designer/",
        "email": "alex@example.com",
        "code": "123456",
        "days": 7,
        "minutes": 10,
        "attached": False,
        "you_declined": False,
        "failure": {"what": "seal", "reason": hostile, "attempts": 5, "url": "", "version": 1},
    }
    for kind in kinds:
        message = compose(
            replace(settings, mail_from="formseal@example.com"),
            kind,
            to_name=hostile,
            to_email="alex@example.com",
            sender_name=hostile,
            context=context,
        )
        parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        assert parsed.get_all("Bcc") is None, kind
        assert len(parsed.get_all("Subject") or []) == 1, kind
        assert "\n" not in str(parsed["Subject"]) and "\n" not in str(parsed["From"]), kind
        assert [a.addr_spec for a in parsed["To"].addresses] == ["alex@example.com"], kind
        html = parsed.get_body(("html",))
        assert html is not None, kind
        assert "<script>" not in html.get_content(), kind
