"""kill -9 of the server while signers autosave: every acknowledged autosave survives.

A real `formseal serve` (SQLite in WAL mode, its default) in a temporary folder. Ten
signers each autosave a counter as fast as they can; the server is killed with SIGKILL in
the middle; after a restart, each signer's step shows the last value the server
acknowledged, or the one that was in flight when it died, and nothing else.
"""

import threading
from pathlib import Path

import httpx
import pytest

from tests.perf.instance import Instance, consent, signer_path, wait_for

pytestmark = pytest.mark.timeout(120)
SIGNERS = 10


def _company(page: str) -> str:
    marker = 'id="input-company" name="company"'
    start = page.index(marker)
    value = page.index('value="', start) + len('value="')
    return page[value : page.index('"', value)]


def test_acknowledged_autosaves_survive_kill_9(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "formseal", run_worker="false")
    instance.start()
    try:
        template_id = instance.import_demo()
        steps = []
        with httpx.Client(base_url=instance.base_url, timeout=30) as client:
            for i in range(SIGNERS):
                created = instance.create_envelope(template_id, f"Signer {i}")
                steps.append(consent(client, signer_path(created["recipients"][0]["signing_url"])))

        acked: dict[int, int] = {}
        in_flight: dict[int, int] = {}
        server_errors: list[str] = []
        transport_errors: list[str] = []
        stop, killing = threading.Event(), threading.Event()

        def autosave(i: int) -> None:
            with httpx.Client(base_url=instance.base_url, timeout=10) as client:
                n = 0
                while not stop.is_set():
                    n += 1
                    in_flight[i] = n
                    try:
                        answer = client.post(
                            f"{steps[i]}/draft",
                            data={"full_name": f"Signer {i}", "company": f"v{n}"},
                            headers={"HX-Request": "true"},
                        )
                    except httpx.HTTPError as exc:
                        if not killing.is_set():
                            transport_errors.append(repr(exc))
                        return  # the server died under this request
                    if answer.status_code == 200:
                        acked[i] = n
                    else:
                        server_errors.append(f"{answer.status_code} {answer.text[:100]}")

        threads = [threading.Thread(target=autosave, args=(i,)) for i in range(SIGNERS)]
        for t in threads:
            t.start()
        wait_for(
            lambda: len(acked) == SIGNERS and min(acked.values()) >= 3 or transport_errors,
            60,
            "three autosaves of every signer",
        )
        assert not transport_errors, transport_errors[:3]
        killing.set()  # from here on, a failed request is the kill's doing
        instance.kill9()  # with autosaves in flight
        stop.set()
        for t in threads:
            t.join(timeout=15)
        assert not server_errors, server_errors[:3]

        instance.start()
        with httpx.Client(base_url=instance.base_url, timeout=30) as client:
            for i in range(SIGNERS):
                page = client.get(steps[i])
                assert page.status_code == 200, page.text[:300]
                saved = _company(page.text)
                # the last acknowledged value, or the one in flight when the server died
                assert saved in (f"v{acked[i]}", f"v{in_flight[i]}"), (i, saved, acked[i])
        integrity = instance.sqlite("PRAGMA integrity_check")
        assert integrity == [("ok",)]
    finally:
        instance.stop()
