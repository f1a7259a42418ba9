"""Each autoescaped `{{ expression }}` of a themed template is written as markupsafe's
`escape` writes it, without a `Markup` object per expression (runtime/themes.py,
docs/decisions/0006-signer-page-speed.md)."""

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, Template, UndefinedError
from markupsafe import Markup

from runtime.themes import ThemedEnvironment


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"

    def __repr__(self) -> str:  # the test's id: the same in every worker (pytest-xdist)
        return "_Html()"


VALUES = ["plain", "<script>&\"'</script>", Markup("<i>kept</i>"), 3, 2.5, None, _Html(), ""]
SOURCE = """{% macro m(v) %}<p title="{{ v }}">{{ v }}</p>{% endmacro %}\
{% set block %}[{{ v }}]{% endset %}{{ v }}|{{ m(v) }}|{{ block }}|{{ v ~ '<' }}|{{ v|e }}"""


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_autoescaped_output_is_what_markupsafe_escape_writes(value: object) -> None:
    def render(environment: Environment) -> str:
        return environment.from_string(SOURCE).render(v=value)

    quick = ThemedEnvironment(autoescape=True, undefined=StrictUndefined)
    standard = Environment(autoescape=True, undefined=StrictUndefined)
    assert quick.template_class is not Template
    assert render(quick) == render(standard)


def test_an_undefined_value_still_fails_the_page() -> None:
    quick = ThemedEnvironment(
        autoescape=True, undefined=StrictUndefined, loader=DictLoader({"p": "{{ missing }}"})
    )
    with pytest.raises(UndefinedError):
        quick.get_template("p").render()
