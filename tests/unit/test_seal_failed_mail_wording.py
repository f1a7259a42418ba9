"""The mail to administrators when a seal or company stamp gives up is worded in the mail's
language (the template's, as for every mail to the sender's side) with proper plurals."""

from email.message import EmailMessage

import pytest

from runtime.i18n import use_language
from runtime.mail.compose import compose
from runtime.settings import Settings

ENVELOPE = "3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f"


def _mail(language: str, what: str, attempts: int) -> tuple[str, str, str]:
    failure = {
        "what": what,
        "reason": "The sealing certificate expired on 2026-11-01.",
        "attempts": attempts,
        "version": 2,
        "url": "http://127.0.0.1:8731/designer/settings/problems?show=seals",
    }
    context = {"name": "Ada", "document": "Loan", "envelope_id": ENVELOPE, "failure": failure}
    with use_language(language):
        message: EmailMessage = compose(
            Settings(secret_key="s" * 40),
            "seal_failed",
            to_name="Ada",
            to_email="ada@example.com",
            sender_name="Acme Ltd",
            context=context,
        )
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return str(message["Subject"]), text.get_content(), html.get_content()


@pytest.mark.parametrize(("attempts", "words"), [(1, "after 1 attempt."), (3, "after 3 attempts.")])
def test_attempts_are_counted_in_words(attempts: int, words: str) -> None:
    for what in ("seal", "stamp"):
        _, text, html = _mail("en", what, attempts)
        assert words in " ".join(text.split()) and words in " ".join(html.split())
        assert "attempt(s)" not in text and "attempt(s)" not in html


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (
            "vi",
            "Niêm phong thất bại: Loan",
            ("Xin chào Ada,", "sau 3 lần", "Mẫu: Loan (phiên bản 2)"),
        ),
        ("zh-CN", "封存失败：Loan", ("尝试 3 次后已停止", "模板：Loan（版本 2）")),
        (
            "fr",
            "Échec du scellement\u00a0: Loan",
            ("après 3 tentatives", "Modèle : Loan (version 2)"),
        ),
        ("ms", "Pemeteraian gagal: Loan", ("selepas 3 percubaan", "Templat: Loan (versi 2)")),
    ],
)
def test_the_mail_is_in_the_mails_language(language: str, subject: str, words: tuple) -> None:
    got_subject, text, html = _mail(language, "seal", 3)
    assert got_subject == subject
    flat_text, flat_html = " ".join(text.split()), " ".join(html.split())
    for word in words:
        assert word in flat_text, flat_text
    assert words[-1] in flat_html
    for english in ("could not seal", "Every answer", "You receive this", "Envelope:"):
        assert english not in flat_text and english not in flat_html
    assert "The sealing certificate expired on 2026-11-01." in flat_text  # the reason as given
