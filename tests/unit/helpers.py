"""Helpers and definitions shared by the unit tests of several modules (kept out of the
test modules, so that collecting one test file never runs another)."""

import copy
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from components import get_component
from components.definition import Definition, Field, Option
from components.errors import FieldError
from components.lint import Finding, lint

DEMO = Path(__file__).resolve().parents[2] / "runtime" / "demo" / "service_agreement.json"


def minimal(**changes) -> dict:
    definition = {
        "name": "Loan application",
        "roles": [{"key": "customer", "name": "Customer"}],
        "sections": [
            {
                "key": "you",
                "title": "About you",
                "role": "customer",
                "fields": [{"key": "full_name", "component": "text", "label": "Full name"}],
            }
        ],
    }
    definition.update(changes)
    return definition


LOAN = json.loads((Path(__file__).parent / "data" / "loan_application.json").read_text())


def build(raw: dict) -> Definition:
    """Like parse_definition, without the parse-time checks: lint must find those too."""
    return msgspec.convert(raw, type=Definition)


def findings_of(raw: dict) -> dict[str, Finding]:
    """The first finding at each path (see all_at for every one)."""
    found: dict[str, Finding] = {}
    for finding in lint(build(raw)):
        found.setdefault(finding.path, finding)
    return found


def field_at(raw: dict, section: int, index: int) -> dict:
    """The raw definition's field `index` of section `section`."""
    return raw["sections"][section]["fields"][index]


def all_at(raw: dict, path: str) -> list[Finding]:
    return [f for f in lint(build(raw)) if f.path == path]


def changed(change) -> dict:
    raw = copy.deepcopy(LOAN)
    change(raw)
    return raw


OPTIONS = [Option(value="yes", label="Yes"), Option(value="no", label="No")]


def _missing(component: str, label: str) -> str:
    options = OPTIONS if component in ("radio", "select", "multiselect") else []
    field = Field(key="q", component=component, label=label, options=options)
    found = get_component(component)
    assert found is not None
    return found.missing_message(field)


def _refused(component: str, label: str, raw: object, **validation: object) -> str:
    field = Field(key="q", component=component, label=label, validation=dict(validation))
    found = get_component(component)
    assert found is not None
    with pytest.raises(FieldError) as refused:
        found.clean(raw, field)
    return str(refused.value)


def field(component: str, **extra) -> Field:
    return Field(key="f", component=component, label="Your answer", **extra)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A local TCP server that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(0.5)
            try:
                hits.append(conn.recv(1024) or b"<connected>")
            except OSError:
                hits.append(b"<connected>")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()
