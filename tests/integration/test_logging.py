"""Structured logs: one JSON object per request line with the request id, which is taken
from X-Request-ID (when sane) or generated, and echoed in the response."""

import io
import json
import logging
import uuid
from dataclasses import replace

import pytest

from runtime.logging_setup import configure_logging
from runtime.settings import Settings
from tests.integration.conftest import app_client


@pytest.fixture
def log_stream():  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    yield stream
    configure_logging("text")  # leave the default behind for other tests


async def test_json_lines_carry_the_request_id(settings: Settings, log_stream) -> None:  # type: ignore[no-untyped-def]
    json_settings = replace(settings, log_format="json")
    async with app_client(json_settings) as client:
        configure_logging("json", log_stream)  # the same format, into a stream we can read
        given = f"ci-{uuid.uuid4().hex}"
        answer = await client.get("/healthz", headers={"X-Request-ID": given})
        assert answer.headers["x-request-id"] == given
        generated = await client.get("/healthz")
        new_id = generated.headers["x-request-id"]
        assert new_id and new_id != given
        unsafe = await client.get("/healthz", headers={"X-Request-ID": 'x" \n{"level":"x"}'})
        assert unsafe.headers["x-request-id"] != 'x" \n{"level":"x"}'
        missing = await client.get(f"/s/{'A' * 43}")
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == "formseal.request"]
    first = next(line for line in requests if line["request_id"] == given)
    assert first["method"] == "GET" and first["path"] == "/healthz" and first["status"] == 200
    assert first["level"] == "info" and isinstance(first["duration_ms"], float)
    assert first["time"].endswith("+00:00")
    assert any(line["request_id"] == new_id for line in requests)
    # a signer link is logged by its template: the token never reaches the log
    assert missing.status_code in {404, 410}
    assert "A" * 43 not in log_stream.getvalue()
    assert any(line["path"].startswith("/s/{") for line in requests)


def test_text_format_and_bad_setting() -> None:
    stream = io.StringIO()
    configure_logging("text", stream)
    try:
        logging.getLogger("formseal.test").info("hello %s", "there")
        assert "INFO formseal.test [] hello there" in stream.getvalue()
        with pytest.raises(ValueError):
            configure_logging("yaml")
    finally:
        configure_logging("text")


def test_database_driver_warnings_are_json_lines_too(log_stream) -> None:  # type: ignore[no-untyped-def]
    """asyncpg's "Failed to restore the pool connection floor" (PostgreSQL away) came as a
    plain-text traceback between the JSON lines, which log shippers cannot read."""
    configure_logging("json", log_stream)
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except ConnectionRefusedError:
        logging.getLogger("asyncpg.pool").warning("Failed to restore the pool", exc_info=True)
    logging.getLogger("asyncpg.pool").info("chatter an operator does not need")
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    assert len(lines) == 1, lines
    assert lines[0]["logger"] == "asyncpg.pool" and lines[0]["level"] == "warning"
    assert "ConnectionRefusedError" in lines[0]["exception"]
