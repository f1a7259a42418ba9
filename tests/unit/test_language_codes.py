"""The API's refusal of a recipient's language names the codes formseal speaks, from
LANGUAGES: it named five by hand, so a language added by a translator (docs/translations.md,
"Adding a language") would have been accepted and left out of it."""

import pytest

from runtime.i18n import LANGUAGES, language_codes


def test_the_codes_are_the_languages_formseal_speaks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert language_codes() == "en, zh-CN, ms, vi or fr"
    monkeypatch.setitem(LANGUAGES, "es", ("es_ES", "Español"))
    assert language_codes() == "en, zh-CN, ms, vi, fr or es"
