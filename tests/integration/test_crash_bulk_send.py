"""kill -9 of the server in the middle of a bulk send: every row's envelope exists exactly once.

A real `formseal serve` with its job worker inside works through a CSV of rows; once some
envelopes exist and others do not yet, the server is killed with SIGKILL. After a restart
(job lease of 2 s) the bulk send finishes: each row has one envelope, none has two.
"""

from pathlib import Path

import pytest

from tests.perf.instance import Instance, wait_for

pytestmark = pytest.mark.timeout(150)
ROWS = 240
HEADER = "Customer name,Customer email,Service start date,Company name (optional)\n"


def test_bulk_send_interrupted_by_kill_9_creates_each_envelope_once(tmp_path: Path) -> None:
    instance = Instance(tmp_path / "formseal", job_lease_seconds="2", seal_processes="0")
    instance.start()
    try:
        template_id = instance.import_demo()
        rows = "".join(
            f"Person {i},person{i}@example.com,2027-01-{(i % 28) + 1:02d},Firm {i}\n"
            for i in range(ROWS)
        )
        with instance.api() as api:
            started = api.post(
                "/api/v1/bulk-sends",
                files={"file": ("rows.csv", (HEADER + rows).encode(), "text/csv")},
                data={"template_id": template_id},
            )
        assert started.status_code == 202, started.text
        bulk_id = started.json()["id"]

        def sent() -> int:
            return int(
                instance.sqlite(
                    "SELECT count(*) FROM envelope WHERE bulk_key LIKE ?", f"{bulk_id}:%"
                )[0][0]
            )

        wait_for(lambda: sent() >= 5, 60, "the first envelopes", every=0.02)
        instance.kill9()
        at_kill = sent()
        assert at_kill < ROWS, "the bulk send finished before the kill"

        instance.start()
        with instance.api() as api:
            wait_for(
                lambda: api.get(f"/api/v1/bulk-sends/{bulk_id}").json()["status"] == "done",
                90,
                "the bulk send to finish after the restart",
                every=0.5,
            )
            progress = api.get(f"/api/v1/bulk-sends/{bulk_id}").json()
        assert progress["created"] == ROWS and progress["failed"] == 0, progress
        keys = instance.sqlite(
            "SELECT bulk_key, count(*) FROM envelope WHERE bulk_key LIKE ? GROUP BY bulk_key",
            f"{bulk_id}:%",
        )
        assert len(keys) == ROWS
        assert all(n == 1 for _key, n in keys), [k for k in keys if k[1] != 1][:5]
        recipients = instance.sqlite(
            "SELECT count(*) FROM recipient WHERE envelope IN "
            "(SELECT id FROM envelope WHERE bulk_key LIKE ?)",
            f"{bulk_id}:%",
        )
        assert recipients == [(ROWS,)]
    finally:
        instance.stop()
