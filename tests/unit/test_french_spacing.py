"""French puts a space before ":", ";", "?" and "!" and inside « »; a plain space there
lets a narrow screen break the line before the sign, leaving ":" at the start of a line.
The French catalog uses no-break spaces instead (docs/translations.md)."""

import re

from babel.messages.pofile import read_po

from runtime.i18n import LOCALES_DIR, gettext, use_language

#: a space a line may break at, before a French high sign or inside guillemets
BREAKABLE = re.compile(r"[ \t\n\u2009\u2002\u2003]([:;?!»])|«[ \t\n\u2009\u2002\u2003]")


def _french() -> list[tuple[str, str]]:
    with open(LOCALES_DIR / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.extend((ids[0], text) for text in strings if text)
    return found


def test_no_french_translation_breaks_before_a_colon_or_inside_guillemets() -> None:
    french = _french()
    assert len(french) > 500
    breakable = [text for _, text in french if BREAKABLE.search(text)]
    assert breakable == []


def test_the_signs_keep_their_space_a_no_break_one() -> None:
    with use_language("fr"):
        assert gettext("Signed: %(name)s", name="Ada") == "Signé\u00a0: Ada"
        assert gettext("What happens next") == "Et ensuite\u202f?"
        assert gettext("Answer “%(label)s”", label="Nom") == "Répondez à «\u00a0Nom\u00a0»"
