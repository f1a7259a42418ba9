"""`formseal org create|list` as an administrator runs it, on both engines."""

import uuid

from runtime.settings import Settings
from tests.integration.cli_helpers import run


def test_org_create_with_parent_and_list(settings: Settings) -> None:
    suffix = uuid.uuid4().hex[:6]
    parent = run(
        settings, "org", "create", f"Group {suffix}", "--legal-name", f"Group {suffix} plc"
    )
    assert parent.returncode == 0, parent.stderr
    assert f"Created organisation group-{suffix}" in parent.stdout
    child = run(
        settings,
        "org",
        "create",
        f"North {suffix}",
        "--legal-name",
        f"North {suffix} Sdn Bhd",
        "--parent",
        f"group-{suffix}",
    )
    assert child.returncode == 0, child.stderr
    assert f"under group-{suffix}" in child.stdout

    listed = run(settings, "org", "list").stdout.splitlines()
    top = listed.index(f"group-{suffix}  Group {suffix} plc")
    assert f"  north-{suffix}  North {suffix} Sdn Bhd" in listed[top + 1 :]

    twice = run(settings, "org", "create", f"North {suffix}", "--parent", "no-such-group")
    assert twice.returncode == 1 and "No organisation with slug 'no-such-group'" in twice.stderr
