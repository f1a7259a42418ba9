"""Fixed translations folded into page templates per language (runtime/i18n/folding.py):
the page says exactly what `_()` would have said at render time, in the language the
template was asked for, and calls with parameters stay calls."""

from pathlib import Path

import pytest
from jinja2 import StrictUndefined, select_autoescape

from runtime import i18n
from runtime.i18n.folding import FoldTranslations, split_language, with_language
from runtime.i18n.jinja import install_gettext
from runtime.themes import Themes, environment

PAGE = (
    '<button>{{ _("Continue") }}</button>'
    '<p>{{- _("Signing for %(name)s (%(role)s).", name=who, role="a&b") -}}</p>'
    '<span title="{{ _("Language") }}">{{ _("Back") if back else "" }}</span>'
    "{% include 'partials/inner.html' %}"
)


@pytest.fixture
def themes_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "default"
    (folder / "pages").mkdir(parents=True)
    (folder / "partials").mkdir()
    (folder / "pages" / "page.html").write_text(PAGE)
    (folder / "partials" / "inner.html").write_text('<i>{{ _("Saved") }}</i>')
    return tmp_path


def _env(themes_dir: Path, fold: bool):  # type: ignore[no-untyped-def]
    env = environment(
        Themes(themes_dir, "default"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", FoldTranslations],
    )
    install_gettext(env)
    if fold:
        env.template_language = i18n.current
    return env


@pytest.mark.parametrize("language", ["en", "vi", "zh-CN", "fr", "ms"])
def test_folded_pages_say_what_the_calls_said(themes_dir: Path, language: str) -> None:
    folded, plain = _env(themes_dir, True), _env(themes_dir, False)
    with i18n.use_language(language):
        page = folded.get_template("pages/page.html")
        text = page.render(who="<b>Alex</b>", back=True)
        assert text == plain.get_template("pages/page.html").render(who="<b>Alex</b>", back=True)
        assert page.name == f"pages/page.html#{language}"
        assert i18n.gettext("Continue") in text and i18n.gettext("Saved") in text
    assert "&lt;b&gt;Alex&lt;/b&gt;" in text and "a&amp;b" in text  # parameters still escaped


def test_each_language_has_its_own_compiled_template(themes_dir: Path) -> None:
    env = _env(themes_dir, True)
    with i18n.use_language("fr"):
        french = env.get_template("pages/page.html").render(who="A", back=False)
    with i18n.use_language("vi"):
        vietnamese = env.get_template("pages/page.html").render(who="A", back=False)
    assert i18n.translations("fr").gettext("Continue") in french
    assert i18n.translations("vi").gettext("Continue") in vietnamese
    assert french != vietnamese


def test_only_plain_output_calls_are_folded(themes_dir: Path) -> None:
    env = _env(themes_dir, True)
    source = env.loader.get_source(env, "pages/page.html")[0]  # type: ignore[union-attr]
    code = env.compile(source, with_language("pages/page.html", "fr"), raw=True)
    assert "'Continue'" not in code and "'Language'" not in code  # became template text
    assert i18n.translations("fr").gettext("Continue") in code
    assert "Signing for" in code and "'Back'" in code  # parameters / inside an expression: calls
    unfolded = env.compile(source, "pages/page.html", raw=True)
    assert "'Continue'" in unfolded


def test_percent_signs_come_out_as_the_call_gave_them(themes_dir: Path) -> None:
    (themes_dir / "default" / "pages" / "odd.html").write_text('{{ _("100%% sure") }}')
    with i18n.use_language("en"):
        assert _env(themes_dir, True).get_template("pages/odd.html").render() == "100% sure"


def test_language_names() -> None:
    assert split_language(with_language("@t//pages/a.html", "zh-CN")) == (
        "@t//pages/a.html",
        "zh-CN",
    )
    assert with_language("pages/a.html#vi", "fr") == "pages/a.html#vi"
    assert split_language("pages/a.html") == ("pages/a.html", None)
