"""FORMSEAL_SMTP_TLS that does not match the mail server's port: the failure names the
setting and what to set (docs/settings.md). The errors alone ("[SSL: WRONG_VERSION_NUMBER]
wrong version number", "SMTP STARTTLS extension not supported by server.") did not."""

from dataclasses import replace
from email.message import EmailMessage

import aiosmtplib
import pytest

from runtime.mail.transport import deliver
from runtime.settings import Settings
from tests.integration.conftest import Mailbox


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Hi"
    message.set_content("Hello")
    return message


async def test_tls_on_a_plain_port(mail_settings: Settings, mailbox: Mailbox) -> None:
    with pytest.raises(aiosmtplib.SMTPConnectError) as failed:
        await deliver(replace(mail_settings, smtp_tls="tls"), _message())
    assert str(failed.value).endswith(
        f"FORMSEAL_SMTP_TLS=tls expects TLS from the first byte (port 465), which "
        f"127.0.0.1:{mailbox.port} does not speak: for a server that offers STARTTLS "
        "(port 587) set starttls."
    )
    assert not mailbox.messages


async def test_starttls_where_the_server_offers_none(
    mail_settings: Settings, mailbox: Mailbox
) -> None:
    with pytest.raises(aiosmtplib.SMTPException) as failed:
        await deliver(replace(mail_settings, smtp_tls="starttls"), _message())
    assert str(failed.value) == (
        "SMTP STARTTLS extension not supported by server. FORMSEAL_SMTP_TLS=starttls, but "
        f"127.0.0.1:{mailbox.port} does not offer STARTTLS: use the port that does (often "
        "587), or tls for port 465."
    )
    assert not mailbox.messages
