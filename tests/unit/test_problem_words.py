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
