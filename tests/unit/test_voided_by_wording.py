"""Who voided an envelope, on its designer page: a key's script is not "a person called api"."""

import datetime as dt

from designer.sending.progress import _closed

AT = dt.datetime(2026, 11, 29, 5, 8, tzinfo=dt.UTC)


def voided_by(actor: str) -> str:
    events = [{"action": "envelope.voided", "actor": actor, "created_at": AT}]
    return _closed("voided", events, [])


def test_voided_through_the_api_says_so() -> None:
    """It read "Voided by api on 2026-11-29 05:08 UTC"."""
    assert voided_by("api") == "Voided through the API on 2026-11-29 05:08 UTC"
    assert voided_by("anna@legal.example.com") == (
        "Voided by anna@legal.example.com on 2026-11-29 05:08 UTC"
    )
    assert voided_by("") == "Voided on 2026-11-29 05:08 UTC"
