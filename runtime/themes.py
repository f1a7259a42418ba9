"""Where pages, mails and PDFs find their templates: one search path per theme choice.

A template is looked up most specific first (docs/themes-and-brands.md):

1. ``themes/<theme>/templates/<template slug>/<path>`` (one template's own override),
2. ``themes/<theme>/<path>`` (the organisation's theme),
3. ``themes/<instance theme>/<path>`` (``FORMSEAL_THEME``), then
4. ``themes/default/<path>``, which is complete.

One Jinja environment serves every theme of a kind (pages, mails, PDFs): a template name
can carry its theme choice as a prefix, ``@<theme>+<slug>//pages/signer/done.html``, and
``{% extends %}`` / ``{% include %}`` inside such a template inherit the prefix
(``ThemedEnvironment.join_path``). Templates are therefore compiled once per theme choice
and cached by Jinja, never per request.

An override that extends (or includes) its own path gets the next copy down the search path,
``pages/signer/done.html^1`` (the copy after the first): ``{% extends
"pages/signer/done.html" %}`` in ``themes/acme/pages/signer/done.html`` extends the default
page, where it used to extend itself until Python's recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodWrapperType
from typing import Any

import markupsafe
from jinja2 import BaseLoader, Environment, FileSystemLoader, Template, TemplateNotFound
from jinja2.runtime import Context, Macro

from runtime.i18n.folding import split_language, with_language

DEFAULT_THEME = "default"
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
"""Theme names and template slugs used as folder names: nothing that can climb out."""
_MARK, _SPLIT, _SEP = "@", "+", "//"
_DEPTH = "^"
"""``path^n``: the copy of ``path`` after the first ``n`` found on the search path."""


def valid_name(name: str) -> bool:
    return bool(SLUG.match(name or ""))


@dataclass(frozen=True)
class ThemeChoice:
    """Which theme (and which template's overrides) a rendering uses; empty: the instance's."""

    theme: str = ""
    template_slug: str = ""


def search_dirs(
    themes_dir: Path, base_theme: str, choice: ThemeChoice | None = None, subdir: str = ""
) -> list[Path]:
    """The folders searched, most specific first; folders that do not exist are left out."""
    choice = choice or ThemeChoice()
    theme = choice.theme if valid_name(choice.theme) else ""
    candidates: list[Path] = []
    if theme and valid_name(choice.template_slug):
        candidates.append(themes_dir / theme / "templates" / choice.template_slug)
    for name in (theme, base_theme, DEFAULT_THEME):
        if name and valid_name(name):
            candidates.append(themes_dir / name)
    found: list[Path] = []
    for folder in candidates:
        folder = folder / subdir if subdir else folder
        if folder.is_dir() and folder not in found:
            found.append(folder)
    return found


def theme_names(themes_dir: Path) -> list[str]:
    """The themes installed under ``themes_dir`` (folder names that are valid theme names)."""
    if not themes_dir.is_dir():
        return []
    return sorted(p.name for p in themes_dir.iterdir() if p.is_dir() and valid_name(p.name))


class ThemeLoader(BaseLoader):
    """Loads ``@theme+slug//path`` from that choice's search path, plain names from the
    instance theme's. One FileSystemLoader per search path, made once."""

    def __init__(self, themes_dir: Path, base_theme: str, subdir: str = "") -> None:
        self.themes_dir = Path(themes_dir)
        self.base_theme = base_theme
        self.subdir = subdir
        self._loaders: dict[ThemeChoice, FileSystemLoader] = {}

    def loader_for(self, choice: ThemeChoice) -> FileSystemLoader:
        loader = self._loaders.get(choice)
        if loader is None:
            dirs = search_dirs(self.themes_dir, self.base_theme, choice, self.subdir)
            loader = self._loaders[choice] = FileSystemLoader([str(d) for d in dirs])
        return loader

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        choice, path = split_name(split_language(template)[0])
        path, depth = split_depth(path)
        try:
            if not depth:
                return self.loader_for(choice).get_source(environment, path)
            dirs = search_dirs(self.themes_dir, self.base_theme, choice, self.subdir)
            copies = [folder for folder in dirs if (folder / path).is_file()]
            if len(copies) <= depth:
                raise TemplateNotFound(template)
            return FileSystemLoader(str(copies[depth])).get_source(environment, path)
        except TemplateNotFound:
            raise TemplateNotFound(template) from None


def split_depth(path: str) -> tuple[str, int]:
    """(``pages/signer/done.html``, 1) from ``pages/signer/done.html^1``."""
    base, mark, depth = path.rpartition(_DEPTH)
    return (base, int(depth)) if mark and depth.isdigit() else (path, 0)


def split_name(name: str) -> tuple[ThemeChoice, str]:
    if not name.startswith(_MARK) or _SEP not in name:
        return ThemeChoice(), name
    head, _, path = name[1:].partition(_SEP)
    theme, _, slug = head.partition(_SPLIT)
    return ThemeChoice(theme, slug), path


_NEVER_PASSED = frozenset({Macro, BuiltinFunctionType, MethodWrapperType})
"""Callables that never take Jinja's context (macros, C functions and methods such as
``values.get``): a template calls them straight away."""


class QuickContext(Context):
    """Jinja's Context with a shorter road for the calls a page makes most.

    For every call in a template, Jinja's ``Context.call`` first asks the callable whether
    it wants the context (``pass_context``), by looking up ``__call__`` and the marker on
    both: two failed attribute lookups each time. Callables of the kinds above never want
    it, and a plain function says so in one lookup; anything else takes Jinja's way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's)
        kind = type(__obj)
        if kind in _NEVER_PASSED or (
            kind is FunctionType and getattr(__obj, "jinja_pass_arg", None) is None
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


_escape_text: Callable[[str], str] = getattr(
    markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text))
)


def _escape_output(value: Any) -> str:
    """What a ``{{ expression }}`` writes under autoescaping: markupsafe's ``escape`` without
    wrapping the result in a ``Markup`` object (a Python-level ``__new__`` each, ~100 per
    signer page). Jinja only joins these pieces into the page, the block or the macro's
    text, which is made ``Markup`` once as a whole; the escaped text is the same."""
    if type(value) is str:
        return _escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return _escape_text(str(value))


class QuickTemplate(Template):
    """A compiled template whose output expressions escape with `_escape_output`. Jinja's
    generated code calls the name ``escape`` only around an expression it writes out."""

    @classmethod
    def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Any:
        namespace["escape"] = _escape_output
        return super()._from_namespace(environment, namespace, globals)


class ThemedEnvironment(Environment):
    """An Environment whose lookups keep the parent template's theme choice, and whose names
    are canonical: a choice that changes nothing is dropped, so it shares compiled templates."""

    themes: Themes | None = None
    context_class = QuickContext
    template_class = QuickTemplate
    template_language: Callable[[], str] | None = None
    """When set, templates are compiled once per language, the one it returns when they are
    asked for (runtime/i18n/folding.py folds fixed translations into them)."""

    def join_path(self, template: str, parent: str) -> str:
        parent_path, depth = split_depth(split_name(split_language(parent)[0])[1])
        if template == parent_path:  # an override extending its own path: the next copy
            template = f"{template}{_DEPTH}{depth + 1}"
        if parent.startswith(_MARK) and not template.startswith(_MARK) and _SEP in parent:
            template = parent.partition(_SEP)[0] + _SEP + template
        return self._canonical(template)

    def _canonical(self, name: str) -> str:
        if self.themes is None or not name.startswith(_MARK):
            return name
        choice, path = split_name(name)
        return self.themes.name(path, choice)

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> Any:
        if isinstance(name, str):
            name = self.join_path(name, parent) if parent is not None else self._canonical(name)
            if self.template_language is not None:
                name = with_language(name, self.template_language())
        return super().get_template(name, None, globals)

    def make_globals(self, d: Any = None) -> Any:
        """The environment's own globals dict when a template adds none (ours never do).

        Jinja wraps them in a ChainMap per template; every context (a page, each include
        and import) copies the globals, and copying a ChainMap runs in Python, key by key,
        where a dict is copied in C. Nothing changes the globals once templates are loaded."""
        if not d:
            return self.globals
        return super().make_globals(d)


class Themes:
    """The theme choices of one installation: turns a choice into a template-name prefix.

    A choice that changes nothing (no such theme, no override folder for that template)
    maps to the plain name, so most renderings share the same compiled templates.
    """

    def __init__(self, themes_dir: Path, base_theme: str, *, cache: bool = True) -> None:
        self.themes_dir = Path(themes_dir)
        self.base_theme = base_theme if valid_name(base_theme) else DEFAULT_THEME
        self.cache = cache
        self._prefixes: dict[ThemeChoice, str] = {}

    def prefix(self, choice: ThemeChoice | None) -> str:
        if choice is None or not (choice.theme or choice.template_slug):
            return ""
        found = self._prefixes.get(choice) if self.cache else None
        if found is None:
            found = self._prefix(choice)
            if self.cache:
                self._prefixes[choice] = found
        return found

    def _prefix(self, choice: ThemeChoice) -> str:
        theme = choice.theme if valid_name(choice.theme) else self.base_theme
        if not (self.themes_dir / theme).is_dir():
            theme = self.base_theme
        slug = choice.template_slug if valid_name(choice.template_slug) else ""
        if slug and not (self.themes_dir / theme / "templates" / slug).is_dir():
            slug = ""
        if theme == self.base_theme and not slug:
            return ""
        return f"{_MARK}{theme}{_SPLIT if slug else ''}{slug}{_SEP}"

    def name(self, path: str, choice: ThemeChoice | None) -> str:
        """The template name to ask the environment for."""
        return self.prefix(choice) + path

    def first_file(self, relative: str, choice: ThemeChoice | None = None) -> Path | None:
        """The most specific existing copy of a theme file (e.g. ``pdf/pdf.css``)."""
        for folder in search_dirs(self.themes_dir, self.base_theme, choice):
            if (folder / relative).is_file():
                return folder
        return None


def themed(path: str, choice: ThemeChoice | None) -> str:
    """The name to render ``path`` with for ``choice`` (the environment canonicalises it)."""
    if choice is None or not (choice.theme or choice.template_slug):
        return path
    slug = f"{_SPLIT}{choice.template_slug}" if choice.template_slug else ""
    return f"{_MARK}{choice.theme}{slug}{_SEP}{path}"


def environment(themes: Themes, subdir: str = "", **options: Any) -> ThemedEnvironment:
    """A ThemedEnvironment over ``themes`` (``subdir``: "email", "pdf", or "" for pages)."""
    loader = ThemeLoader(themes.themes_dir, themes.base_theme, subdir)
    options.setdefault("cache_size", 2000)
    env = ThemedEnvironment(loader=loader, **options)
    env.themes = themes
    return env
