"""The suite's own layout: no test module imports another (collecting one file would run the
other, and a name removed from one test file stopped the whole suite from collecting)."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
IMPORT_OF_A_TEST_MODULE = re.compile(
    r"^\s*(from\s+tests(\.\w+)*\.test_\w+\s+import|import\s+tests(\.\w+)*\.test_\w+)", re.M
)


def test_no_test_module_imports_another() -> None:
    found = [
        f"{path.relative_to(TESTS)}: {match.group(0).strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        for match in IMPORT_OF_A_TEST_MODULE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "shared helpers belong in a helpers module:\n" + "\n".join(found)
