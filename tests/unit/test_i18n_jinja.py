"""The template gettext callables (runtime/i18n/jinja.py) behave like Jinja's own newstyle
ones: translations in the current language, parameters escaped, always a format string."""

from jinja2 import Environment, select_autoescape

from runtime import i18n
from runtime.i18n.jinja import install_gettext


def _env(autoescape: bool = True) -> Environment:
    env = Environment(
        autoescape=select_autoescape(default=autoescape, default_for_string=autoescape),
        extensions=["jinja2.ext.i18n"],
    )
    install_gettext(env)
    return env


def test_parameters_are_escaped_and_the_translation_is_markup() -> None:
    page = _env().from_string('{{ _("Signing for %(name)s (%(role)s).", name=n, role="a&b") }}')
    assert page.render(n="<b>Alex</b>") == ("Signing for &lt;b&gt;Alex&lt;/b&gt; (a&amp;b).")
    assert _env().from_string('{{ gettext("100%% sure") }}').render() == "100% sure"


def test_plural_and_trans_blocks_and_languages() -> None:
    env = _env()
    plural = env.from_string('{{ ngettext("%(num)s file", "%(num)s files", n) }}')
    assert plural.render(n=1) == "1 file" and plural.render(n=3) == "3 files"
    trans = env.from_string("{% trans name=n %}Hello {{ name }}{% endtrans %}")
    assert trans.render(n="<i>") == "Hello &lt;i&gt;"
    with i18n.use_language("fr"):
        assert env.from_string('{{ _("Continue") }}').render() == i18n.gettext("Continue")
        assert i18n.gettext("Continue") != "Continue"
        options = env.from_string(
            "{% for code, name, lang, chosen in language_options() %}"
            "{% if chosen %}{{ code }}{% endif %}{% endfor %}"
        )
        assert options.render() == "fr"


def test_without_autoescape_nothing_is_escaped() -> None:
    page = _env(autoescape=False).from_string('{{ _("Hello %(name)s", name=n) }}')
    assert page.render(n="<b>") == "Hello <b>"
