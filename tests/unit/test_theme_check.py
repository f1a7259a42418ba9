"""A theme's broken templates stop formseal at start, named with their file and line: they
used to answer every signer of an organisation with that theme "Something went wrong"."""

from dataclasses import replace
from pathlib import Path

import pytest

from runtime.preflight import StartupProblem, check_themes
from runtime.settings import Settings
from runtime.theme_check import theme_problems

DEFAULT = Path(__file__).resolve().parents[2] / "themes" / "default"
TEXTAREA = (DEFAULT / "partials" / "_fields.html").read_text(encoding="utf-8")
LINE = 1 + TEXTAREA.splitlines().index(
    "{% macro textarea(field, value, error, locked, page=none) %}"
)


def _themes(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "default").symlink_to(DEFAULT, target_is_directory=True)
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_copy_of_the_default_theme_has_no_problem(tmp_path: Path) -> None:
    themes = _themes(
        tmp_path,
        {
            "acme/partials/_fields.html": TEXTAREA,
            "acme/templates/nda/partials/_fields.html": TEXTAREA,
            "acme/pages/signer/done.html": '{% extends "pages/signer/done.html" %}',
            # a macro that takes any keyword is called with page=… without harm, and the
            # override's own helper macros are its own business
            "kw/partials/_fields.html": "{% macro text(field, value, error, locked) %}"
            "{{ kwargs }}{% endmacro %}{% macro note(text) %}{{ text }}{% endmacro %}",
        },
    )
    assert theme_problems(themes) == []
    check_themes(replace(Settings(), themes_dir=themes))


def test_a_field_macro_without_page_and_a_typo_are_named(tmp_path: Path) -> None:
    themes = _themes(
        tmp_path,
        {
            "acme/templates/nda/partials/_fields.html": TEXTAREA.replace(
                "{% macro textarea(field, value, error, locked, page=none) %}",
                "{% macro textarea(field, value, error, locked) %}",
            ),
            "acme/pages/signer/done.html": "{% block content %}{{ super() }\n{% endblock %}",
        },
    )
    assert theme_problems(themes) == [
        "themes/acme/pages/signer/done.html, line 1: unexpected '}'. Correct it or remove "
        "the file.",
        f"themes/acme/templates/nda/partials/_fields.html, line {LINE}: the field macro textarea "
        "takes no 'page' keyword, and every field is called with page=…: add page=none to "
        "its arguments ({% macro textarea(field, value, error, locked, page=none) %}).",
    ]
    with pytest.raises(StartupProblem, match="would fail wherever they are used") as refused:
        check_themes(replace(Settings(), themes_dir=themes))
    assert "themes/acme/pages/signer/done.html, line 1" in str(refused.value)
