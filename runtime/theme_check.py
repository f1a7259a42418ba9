"""What is wrong with a theme's own templates, found when formseal starts (preflight).

A theme's templates are compiled the first time a page, mail or PDF needs them, so a typo in
an override, or a field macro that takes no ``page`` (every field is called with
``page=…``, docs/themes-and-brands.md "Field markup"), used to show the signers of every
organisation with that theme "Something went wrong", and the operator a traceback in the
log. Each problem names the file, the line and what to do.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, nodes

from runtime.themes import DEFAULT_THEME, theme_names

FIELDS = "partials/_fields.html"
"""The field macros, each called as ``name(field, value, error, locked, page=…)``."""
SUFFIXES = (".html", ".txt")
_PARSER = Environment(  # parses only, renders nothing
    autoescape=True, extensions=["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"]
)


def theme_problems(themes_dir: Path) -> list[str]:
    """One sentence per problem in the templates of every theme but ``default``."""
    problems: list[str] = []
    fields = _field_macros(themes_dir / DEFAULT_THEME / FIELDS)
    for name in theme_names(themes_dir):
        if name == DEFAULT_THEME:
            continue
        folder = themes_dir / name
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "static" not in path.parts:
                problems.extend(_problems(folder, path, fields))
    return problems


def _field_macros(default: Path) -> frozenset[str]:
    """The macros the signer's step calls by a field's kind: the default theme's. An
    override's own helper macros are called as it likes."""
    try:
        tree = _PARSER.parse(default.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, TemplateSyntaxError):
        return frozenset()
    return frozenset(m.name for m in tree.find_all(nodes.Macro) if not m.name.startswith("_"))


def _problems(folder: Path, path: Path, fields: frozenset[str]) -> list[str]:
    shown = f"{folder.name}/{path.relative_to(folder).as_posix()}"
    try:
        tree = _PARSER.parse(path.read_text(encoding="utf-8"), filename=shown)
    except UnicodeDecodeError:
        return [f"themes/{shown} is not UTF-8 text: save it as UTF-8."]
    except TemplateSyntaxError as exc:
        return [f"themes/{shown}, line {exc.lineno}: {exc.message}. Correct it or remove the file."]
    if not _relative(folder, path).endswith(FIELDS):
        return []
    return [
        f"themes/{shown}, line {macro.lineno}: the field macro {macro.name} takes no 'page' "
        f"keyword, and every field is called with page=…: add page=none to its arguments "
        f"({{% macro {macro.name}(field, value, error, locked, page=none) %}})."
        for macro in tree.find_all(nodes.Macro)
        if macro.name in fields and not _takes_page(macro)
    ]


def _relative(folder: Path, path: Path) -> str:
    """The path as the default theme has it (``templates/<slug>/`` taken off)."""
    parts = path.relative_to(folder).parts
    if len(parts) > 2 and parts[0] == "templates":
        parts = parts[2:]
    return "/".join(parts)


def _takes_page(macro: nodes.Macro) -> bool:
    """Declares ``page``, or takes any keyword (its body reads ``kwargs``)."""
    if any(arg.name == "page" for arg in macro.args):
        return True
    return any(name.name == "kwargs" for name in macro.find_all(nodes.Name))
