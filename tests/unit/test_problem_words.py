"""The Problems page words a mail server's refusal as a sentence, keeping its own answer."""

import traceback

import aiosmtplib

from runtime.jobs.problem_words import mail_reason, what


def _as_the_worker_stores_it(exc: Exception) -> str:
    return "".join(traceback.format_exception_only(exc)).strip()


def test_a_refused_address_says_so_with_the_servers_answer() -> None:
    one = aiosmtplib.SMTPRecipientRefused(550, "5.1.1 User unknown", "ana@example.com")
    worded = mail_reason(_as_the_worker_stores_it(aiosmtplib.SMTPRecipientsRefused([one])))
    assert worded == (
        "The mail server refused this address; check it and correct it. "
        "It answered: 550 5.1.1 User unknown."
    )


def test_other_mail_failures_and_what_it_was() -> None:
    auth = aiosmtplib.SMTPAuthenticationError(535, "5.7.8 bad credentials")
    assert "user name or password" in mail_reason(_as_the_worker_stores_it(auth))
    assert mail_reason("ValueError: something else") == ""
    assert what("mail", {"mail": "reminder"}, to="a@b.example", document="NDA") == (
        "Reminder email to a@b.example for “NDA”"
    )
    assert what("webhook", {}, to="https://x.example/in (envelope.completed)") == (
        "Webhook delivery to https://x.example/in (envelope.completed)"
    )
    assert what("seal", {}, document="NDA") == "Sealing for “NDA”"


def test_a_tls_setting_that_does_not_match_the_port_is_not_a_server_down() -> None:
    """It read 'formseal could not reach the mail server; it may be down or its address
    wrong.' while the server answered, in plain text, on a port set as tls."""
    failed = aiosmtplib.SMTPConnectError(
        "Error connecting to smtp.example.com on port 587: [SSL: WRONG_VERSION_NUMBER] wrong "
        "version number (_ssl.c:1006) FORMSEAL_SMTP_TLS=tls expects TLS from the first byte "
        "(port 465), which smtp.example.com:587 does not speak: for a server that offers "
        "STARTTLS (port 587) set starttls."
    )
    assert mail_reason(_as_the_worker_stores_it(failed)) == (
        "FORMSEAL_SMTP_TLS=tls expects TLS from the first byte (port 465), which "
        "smtp.example.com:587 does not speak: for a server that offers STARTTLS (port 587) "
        "set starttls."
    )
