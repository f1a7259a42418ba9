"""The request log's text line, put together directly (runtime/logging_setup.py), is the
text `logging.Formatter` wrote with the same format (docs/decisions/0006-signer-page-speed.md)."""

import logging
import random
import sys

from runtime.logging_setup import TextFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def _record(created: float, request_id: str, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("boom")
        except ValueError:
            exc_info = sys.exc_info()
    record = logging.getLogger("formseal.request").makeRecord(
        "formseal.request",
        logging.INFO,
        "x.py",
        1,
        "%s %s %s",
        ("GET", "/s/{token}", 200),
        exc_info,
    )
    record.created, record.msecs = created, (created - int(created)) * 1000
    record.request_id = request_id
    return record


def test_text_log_lines_are_the_standard_formatters_text() -> None:
    quick, standard = TextFormatter(), logging.Formatter(FORMAT)
    rng = random.Random(7)
    for n in range(2000):  # many records in the same second, then new seconds
        created = 1_764_000_000 + n // 50 + rng.random()
        record = _record(created, rng.choice(["", "0f3a"]), exc=n % 500 == 0)
        expected = standard.format(_record(created, record.request_id, exc=n % 500 == 0))
        assert quick.format(record) == expected
    record = _record(1_764_000_000.25, "ab")
    record.duration_ms = 0.4
    assert quick.format(record).endswith(" [ab] GET /s/{token} 200 0.4ms")
