"""Sending SMS: a provider interface, a development provider and one generic HTTP provider.

`development` (the default) writes each message to var/outbox/<time>-sms-<id>.txt, like mail
without SMTP. `http` POSTs JSON {"to", "from", "text"} to `sms_http_url` with the bearer
token `sms_http_token`; most SMS gateways accept this shape directly or through a small
relay. A 2xx answer counts as sent.
"""

import asyncio
import json
import urllib.request
import uuid
from pathlib import Path
from typing import Protocol

from runtime.clock import utcnow
from runtime.settings import Settings


class SmsError(Exception):
    """The provider did not accept the message."""


class SmsProvider(Protocol):
    async def send(self, to: str, text: str) -> str:
        """Send `text` to the phone number `to`; returns where it went (for the audit trail)."""
        ...


class DevelopmentSmsProvider:
    def __init__(self, outbox: Path) -> None:
        self.outbox = outbox

    async def send(self, to: str, text: str) -> str:
        self.outbox.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S}-sms-{uuid.uuid4().hex[:8]}.txt"
        path = self.outbox / name
        tmp = path.with_suffix(".part")
        tmp.write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")
        tmp.replace(path)
        return f"outbox/{name}"


class HttpSmsProvider:
    def __init__(self, url: str, token: str, sender: str, timeout: float = 10.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise SmsError("FORMSEAL_SMS_HTTP_URL must be an http(s) address")
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def _post(self, body: bytes) -> int:
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return int(response.status)

    async def send(self, to: str, text: str) -> str:
        body = json.dumps({"to": to, "from": self.sender, "text": text}).encode()
        try:
            status = await asyncio.to_thread(self._post, body)
        except OSError as exc:
            raise SmsError(
                f"the SMS gateway could not be reached ({exc.__class__.__name__})"
            ) from None
        if not 200 <= status < 300:
            raise SmsError(f"the SMS gateway answered {status}")
        return "sms-http"


def sms_provider(settings: Settings) -> SmsProvider:
    if settings.sms_provider == "http":
        return HttpSmsProvider(
            settings.sms_http_url,
            settings.sms_http_token,
            settings.sms_from,
            settings.sms_timeout_seconds,
        )
    return DevelopmentSmsProvider(settings.outbox_dir)
