"""Fill a live server's SQLite database with generated envelopes for the dashboard test.

    python -m tests.browser.archive_seed VAR_DIR "Organisation name" COUNT

Runs in its own process (the browser tests have no database of their own), writes through
piccolo into the server's file (WAL: the server keeps serving), and prints what a person
should then see, as JSON: per template name, how many envelopes are in each status.
"""

import asyncio
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


async def seed(var_dir: Path, organisation: str, count: int) -> dict[str, Any]:
    from runtime.database import configure_database
    from runtime.settings import Settings
    from tests.perf.gen_archive import generate, insert_with_piccolo, prepare_organisation

    configure_database(Settings(database_url="", var_dir=var_dir))
    org, versions = await prepare_organisation(organisation)
    # Eight weeks back: every envelope falls inside the dashboard's default twelve weeks.
    data = generate(org, versions, count, seed=5, now=dt.datetime.now(dt.UTC), weeks=8)
    await insert_with_piccolo(data)
    names = dict(versions)
    per_template: dict[str, Counter[str]] = {}
    for e in data.envelopes:
        per_template.setdefault(names[e["template_version"]], Counter())[e["status"]] += 1
    return {name: dict(counts) for name, counts in per_template.items()}


def main() -> None:
    var_dir, organisation, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    print(json.dumps(asyncio.run(seed(var_dir, organisation, count))))


if __name__ == "__main__":
    main()
