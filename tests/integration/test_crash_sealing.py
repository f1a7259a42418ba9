"""kill -9 of the server while it seals: after a restart the envelope is sealed exactly once.

A real `formseal serve` with its job worker inside and one seal process. The signer
finishes; the moment the seal job is running, the server and its seal process are killed
with SIGKILL. After a restart (job lease of 2 s, so the dead worker's claim runs out
quickly; retry back-off of 1 s) the job runs again: one sealed file, one `envelope.completed` event, and the PDF
downloads.
"""

from pathlib import Path

import httpx
import pytest

from tests.perf.instance import Instance, sign_demo, signer_path, wait_for

pytestmark = pytest.mark.timeout(300)


def test_seal_interrupted_by_kill_9_completes_exactly_once(tmp_path: Path) -> None:
    # The seal the kill broke fails once (its seal process is gone) and is retried after
    # the back-off: 1 s here instead of 30 s, so the test waits for the retry, not the clock.
    instance = Instance(
        tmp_path / "formseal", job_lease_seconds="2", job_retry_seconds="1", seal_processes="1"
    )
    instance.start()
    try:
        template_id = instance.import_demo()
        killed_while_sealing = None
        for attempt in range(3):  # a seal can be quicker than our look: try again if it was
            created = instance.create_envelope(template_id, f"Signer {attempt}")
            envelope_id = created["id"]
            key = f"seal:{envelope_id}"
            with httpx.Client(base_url=instance.base_url, timeout=30) as client:
                sign_demo(
                    client, signer_path(created["recipients"][0]["signing_url"]), "Ada Lovelace"
                )
            wait_for(
                lambda: (
                    instance.sqlite("SELECT status FROM job WHERE dedupe_key = ?", key)
                    in ([("running",)], [("done",)])
                ),
                60,
                "the seal job to start",
                every=0.01,
            )
            instance.kill9()
            file_at_kill = instance.sqlite(
                "SELECT sealed_file FROM envelope WHERE id = ?", envelope_id
            )
            instance.start()
            if file_at_kill == [(None,)]:
                killed_while_sealing = envelope_id
                break
        assert killed_while_sealing, "every seal finished before the kill"
        envelope_id = killed_while_sealing

        with instance.api() as api:

            def completed() -> bool:
                answer = api.get(f"/api/v1/envelopes/{envelope_id}")
                return answer.json()["status"] == "completed"

            # the lease (2 s) runs out, the re-run may fail once and is retried after 1 s
            wait_for(completed, 90, "the seal after the restart", every=0.2)
            pdf = api.get(f"/api/v1/envelopes/{envelope_id}/sealed.pdf")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            trail = api.get(f"/api/v1/envelopes/{envelope_id}/audit").json()
        actions = [e["action"] for e in trail["events"]]
        assert actions.count("envelope.completed") == 1, actions
        assert trail["chain"]["ok"], trail["chain"]
        assert actions.count("envelope.sealed") == 1, actions
        files = instance.sqlite(
            # stored under the name it downloads with ("Service agreement – 3f6c1d2e.pdf")
            "SELECT id FROM stored_file WHERE kind = 'sealed_pdf' AND original_name LIKE ?",
            f"% – {envelope_id[:8]}.pdf",
        )
        assert files == instance.sqlite(
            "SELECT sealed_file FROM envelope WHERE id = ?", envelope_id
        )
        jobs = instance.sqlite(
            "SELECT status, attempts FROM job WHERE dedupe_key = ?", f"seal:{envelope_id}"
        )
        assert len(jobs) == 1 and jobs[0][0] == "done" and jobs[0][1] >= 2, jobs
    finally:
        instance.stop()
