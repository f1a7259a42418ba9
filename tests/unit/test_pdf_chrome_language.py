"""The sealed PDF's own words (signature lines, footer, certificate) are in the language the
document was sealed in; the author's text is left as written."""

from dataclasses import replace
from pathlib import Path

import pytest

from runtime.i18n import use_language
from runtime.sealing.document import build_audit_html, build_document_html, page_parts
from runtime.sealing.sample import sample_seal_input

THEMES = Path(__file__).resolve().parents[2] / "themes"
ENGLISH = ("Signed ", "typed signature", "version 3", "Verify at", "Audit certificate", "Envelope")


@pytest.mark.parametrize(
    ("language", "parts"),
    [
        ("en", ("Page ", " of ", "")),
        ("vi", ("Trang ", " trên ", "")),
        ("zh-CN", ("第 ", " 页，共 ", " 页")),
    ],
)
def test_the_page_number_is_split_around_its_counters(language: str, parts: tuple) -> None:
    with use_language(language):
        assert page_parts() == parts


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "vi",
            (
                "Đã ký 14:05:12 23 tháng 11, 2026\u00a0UTC",
                "chữ ký đánh máy",
                "phiên bản 3",
                "Xác minh tại",
            ),
        ),
        (
            "zh-CN",
            ("已于 2026年11月23日 14:05:12\u00a0UTC 签署", "键入的签名", "版本 3", "验证网址："),
        ),
        (
            "fr",
            (
                "Signé le 23 novembre 2026, 14:05:12\u00a0UTC",
                "signature saisie au clavier",
                "version 3",
            ),
        ),
        (
            "ms",
            (
                "Ditandatangani 23 November 2026, 2:05:12\u202fPTG\u00a0UTC",
                "tandatangan ditaip",
                "versi 3",
            ),
        ),
    ],
)
def test_document_chrome_is_in_the_documents_language(language: str, words: tuple) -> None:
    seal_input = replace(sample_seal_input(), language=language)
    html = build_document_html(seal_input, themes_dir=THEMES)
    for word in words:
        assert word in html, word
    if language != "fr":  # French "version" is the English word
        assert not any(english in html for english in ENGLISH), html
    assert "Hợp đồng dịch vụ — Service agreement" in html  # the author's words stay


def test_a_signature_line_writes_its_day_as_the_signer_pages_do() -> None:
    """'Signed 23 November 2026, 14:05:12 UTC' as the confirmation page writes the day (it
    read 'Signed 2026-11-23 14:05:12 UTC'); the certificate keeps the exact ISO times."""
    seal_input = replace(sample_seal_input(audit_head="b" * 64), language="en")
    html = build_document_html(seal_input, themes_dir=THEMES)
    assert "Signed 23 November 2026, 14:05:12\u00a0UTC" in html, html  # UTC stays on the line
    assert "2026-11-23" not in html
    audit = build_audit_html(seal_input, "d" * 64, themes_dir=THEMES, document_pages=2)
    assert "2026-11-23 14:05:12 UTC" in audit and "23 November 2026" not in audit


def test_certificate_is_in_the_documents_language() -> None:
    seal_input = replace(sample_seal_input(audit_head="b" * 64, audit_events=7), language="zh-CN")
    html = build_audit_html(seal_input, "d" * 64, themes_dir=THEMES, document_pages=2)
    for word in ("审计证书", "2 页，其后是本证书", "封存前记录了 7 个事件", "如何验证本文件"):
        assert word in html, word
    assert "Audit certificate" not in html and "How to check" not in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", "Đã đạt: mã dùng một lần gửi qua SMS; đăng nhập qua hệ thống đăng nhập một lần"),
        (
            "zh-CN",
            "通过短信发送的一次性验证码; 通过组织的单点登录进行登录 (https://id.acme.example)",
        ),
        ("en", "Passed: one-time code sent by SMS; signed in through the organisation's single"),
    ],
)
def test_identity_checks_on_the_certificate_are_in_the_documents_language(
    language: str, words: str
) -> None:
    sample = sample_seal_input()
    client = {
        **sample.recipients[0],
        "identity_checks": [
            "one-time code sent by SMS",
            "signed in through the organisation's single sign-on (https://id.acme.example)",
        ],
    }
    seal_input = replace(sample, language=language, recipients=[client, *sample.recipients[1:]])
    html = build_audit_html(seal_input, "d" * 64, themes_dir=THEMES, document_pages=2)
    flat = " ".join(html.replace("&#39;", "'").split())
    assert words in flat, flat
    if language != "en":
        assert "sent by SMS" not in flat and "single sign-on" not in flat


def test_an_unknown_identity_check_stays_as_recorded() -> None:
    from runtime.sealing.identity_words import identity_check

    with use_language("vi"):
        assert identity_check("face scan") == "face scan"
        assert (
            identity_check("one-time code sent by email (x)") == "mã dùng một lần gửi qua email (x)"
        )
