"""A client that closes the connection before its body is read is not a fault of the server.

Found following docs/deploy.md in a browser: a signer's autosave still on its way when
their own Continue submitted the page was cut off, and the web process counted it as
`POST /s/{token}/step/{number}/draft 500` in /metrics and the request log, with no line
saying why, so an alert on 5xx fired for nothing and could not be told from a real fault.
It is now a 499 (nginx's "client closed request") with an info line; other internal errors
of the framework are still 500, now logged with their reason and never shown."""

import logging
from dataclasses import replace
from typing import Any

from litestar.exceptions import InternalServerException
from litestar.testing import RequestFactory
from prometheus_client.parser import text_string_to_metric_families

from runtime.settings import Settings
from runtime.web.errors import handle_exception
from tests.asgi_scope import http_scope
from tests.integration.conftest import (
    app_client,
    create_envelope,
    import_template,
    new_org,
    open_link,
    path_of,
)

TOKEN = "metrics-" + "w" * 30
DRAFT = "/s/{token}/step/{number}/draft"


async def _counts(client: Any) -> dict[str, float]:
    """Requests to the draft autosave by status, as /metrics gives them."""
    answer = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/plain; version=1.0.0; charset=utf-8"
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            if sample.name == "formseal_http_requests_total" and sample.labels["route"] == DRAFT:
                found[sample.labels["status"]] = sample.value
    return found


async def _cut_off(app: Any, path: str) -> int:
    """POST a form whose body stops half-way: the client hung up (ASGI http.disconnect)."""
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": b"full_name=Ale", "more_body": True},
        {"type": "http.disconnect"},
    ]
    status = 0

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    headers = [
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", b"200"),
    ]
    await app(http_scope("POST", path, headers, ("testserver.local", 80)), receive, send)
    return status


async def test_an_autosave_cut_off_by_the_client_is_a_499_not_a_500(
    settings: Settings, caplog: Any
) -> None:
    async with app_client(replace(settings, metrics_token=TOKEN)) as client:
        org = await new_org("Gone org")
        template = await import_template(client, org)
        envelope = await create_envelope(client, org, template["id"])
        link = path_of(envelope["recipients"][0]["signing_url"])
        await open_link(client, link)
        before = await _counts(client)
        with caplog.at_level(logging.INFO, logger="formseal"):
            status = await _cut_off(client.app, f"{link}/step/1/draft")
        after = await _counts(client)
        saved = await client.post(f"{link}/step/1/draft", data={"full_name": "Alex"})

    assert status == 499
    assert after.get("499", 0) == before.get("499", 0) + 1
    assert after.get("500", 0) == before.get("500", 0)  # no fault counted
    said = [r for r in caplog.records if r.name.startswith("formseal")]
    assert not [r for r in said if r.levelno >= logging.WARNING], [r.message for r in said]
    assert any("client closed the connection" in r.getMessage() for r in said)
    assert saved.status_code == 200  # the next autosave of the same signer works as before


def test_another_internal_error_of_the_framework_is_logged_and_not_shown() -> None:
    """Litestar's own 500s ("stream consumed") reached the answer and left no log line."""
    request = RequestFactory().post("/api/v1/envelopes")
    said: list[logging.LogRecord] = []
    catch = logging.Handler()
    catch.emit = said.append  # type: ignore[method-assign, assignment]
    logging.getLogger("formseal.web").addHandler(catch)
    try:
        answer = handle_exception(request, InternalServerException("stream consumed"))
    finally:
        logging.getLogger("formseal.web").removeHandler(catch)
    assert answer.status_code == 500
    assert "stream consumed" not in str(answer.content)
    assert "Something went wrong on our side" in str(answer.content)
    errors = [r.getMessage() for r in said if r.levelno >= logging.ERROR]
    assert any("stream consumed" in m for m in errors), errors
