"""More signers for the HTTP benchmark's autosave load: `python -m tests.perf.demo_signers N`
(with the instance's FORMSEAL_* environment) opens N more demo envelopes, as `formseal demo`
does, in one process, and prints each signing link on its own line.

The autosave is a compare-and-set on the signer's draft (decision 0005): 50 connections
autosaving one signer would mostly find the draft just written and answer 409, where a
signer's browser sends one autosave at a time. The benchmark spreads its autosaves over
these signers instead."""

import sys
from typing import Any

from runtime.accounts.service import existing_organisation
from runtime.cli import _run
from runtime.demo import load_demo
from runtime.organisations import DEFAULT_ORGANISATION
from runtime.settings import get_settings


def main() -> None:
    count = int(sys.argv[1])
    settings = get_settings()

    async def work() -> list[Any]:
        org = await existing_organisation(DEFAULT_ORGANISATION, create_default=DEFAULT_ORGANISATION)
        return [await load_demo(org, settings) for _ in range(count)]

    for envelope in _run(settings, work):
        print(envelope["recipients"][0]["signing_url"])


if __name__ == "__main__":
    main()
