"""Embedding in the integration tests: the intranet's claims, signed as the intranet signs
them, and the form it embeds."""

import json
import time
from pathlib import Path

INTRANET = "https://intranet.example.com"

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intranet"

FORM = json.loads((EXAMPLE / "equipment-request.json").read_text())

#: the issuer the `embedding` fixture (tests/integration/test_embed.py) last set up for
#: the organisation; `claims` names it
ISSUER = ""


def claims(**extra) -> dict:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "aud": "formseal",
        "sub": "u-1001",
        "email": "kim@example.com",
        "name": "Kim Lee",
        "iat": now,
        "exp": now + 300,
        **extra,
    }
