"""`formseal serve` on an address or port it cannot have: the line says why, and what to
change (it said "Stop the other process" for a port below 1024 or an address not here)."""

import errno
import socket

import pytest

from runtime import preflight
from runtime.preflight import StartupProblem, check_port


def test_an_address_this_machine_does_not_have() -> None:
    with pytest.raises(StartupProblem) as refused:
        check_port("192.0.2.1", 8724)  # TEST-NET-1: never assigned to a machine
    assert str(refused.value) == (
        "Cannot listen on 192.0.2.1:8724: this machine has no such address. "
        "Check --host or FORMSEAL_HOST."
    )


def test_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StartupProblem, match="already in use. Stop the other process, or"):
            check_port("127.0.0.1", port)


def test_a_privileged_port_without_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """(root may bind port 80, so the refusal a non-root user gets is simulated.)"""

    class Refusing(socket.socket):
        def bind(self, address: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(preflight.socket, "socket", Refusing)
    with pytest.raises(StartupProblem) as refused:
        check_port("127.0.0.1", 80)
    assert str(refused.value) == (
        "Cannot listen on 127.0.0.1:80: ports below 1024 need root. Serve on a higher port "
        "behind nginx (docs/deploy.md): choose another port with --port or FORMSEAL_PORT."
    )
