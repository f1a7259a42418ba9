"""Every language formseal ships says every message: each catalog translates each message
the code and the themes mark (runtime/i18n/babel.cfg), with the same `%(name)s` parameters,
so no signer or mail reads a sentence half in English or fails to format one."""

import io
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from runtime.i18n import CATALOGS, LANGUAGES, LOCALES_DIR

ROOT = Path(__file__).resolve().parents[2]
PARAMETER = re.compile(r"%\((\w+)\)s")


def _key(message_id: object) -> str:
    return message_id if isinstance(message_id, str) else str(message_id[0])  # type: ignore[index]


@cache
def marked() -> frozenset[str]:
    """What `pybabel extract -F runtime/i18n/babel.cfg` finds today."""
    config = (LOCALES_DIR.parent / "babel.cfg").read_text()
    method_map, options_map = parse_mapping_cfg(io.StringIO(config))
    found = extract_from_dir(str(ROOT), method_map, options_map, directory_filter=_has_marked_files)
    return frozenset(_key(item[2]) for item in found)


def _has_marked_files(path: str) -> bool:
    """Only the folders babel.cfg names are walked (not .venv, node_modules or .git)."""
    relative = Path(path).relative_to(ROOT).parts
    return not relative or relative[0] in {"runtime", "designer", "themes"}


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def test_every_marked_message_is_in_the_template_catalog() -> None:
    pot = {_key(m.id) for m in _catalog(LOCALES_DIR / "messages.pot") if m.id}
    assert sorted(marked() - pot) == []


@pytest.mark.parametrize("code", sorted(CATALOGS))
def test_every_catalog_translates_every_message(code: str) -> None:
    catalog = _catalog(
        LOCALES_DIR / CATALOGS[code] / "LC_MESSAGES" / "messages.po", LANGUAGES[code][0]
    )
    translated: dict[str, list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = [message.string] if isinstance(message.string, str) else [*(message.string or ())]
        if all(strings):
            translated[_key(message.id)] = strings
    assert sorted(marked() - translated.keys()) == [], f"untranslated in {code}"
    for message in catalog:
        if message.id and _key(message.id) in translated:
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            wanted = set().union(*(PARAMETER.findall(i) for i in ids))
            for string in translated[_key(message.id)]:
                assert set(PARAMETER.findall(string)) <= wanted, (code, message.id, string)
