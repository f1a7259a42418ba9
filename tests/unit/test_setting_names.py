"""setting_breaks: a FORMSEAL_ name in a screen's message wraps after its underscores, and
the rest of the message stays escaped text."""

from markupsafe import Markup

from runtime.web.setting_names import setting_breaks


def test_a_setting_name_is_code_that_may_wrap_after_each_underscore() -> None:
    said = setting_breaks("add it to FORMSEAL_JWKS_ALLOWED_HOSTS to allow it.")
    assert isinstance(said, Markup)
    assert said == (
        'add it to <code class="setting-name">FORMSEAL_<wbr>JWKS_<wbr>ALLOWED_<wbr>HOSTS'
        "</code> to allow it."
    )


def test_the_message_around_it_stays_text() -> None:
    said = setting_breaks('<b onclick="x()">FORMSEAL_RUN_WORKER=false</b> & more_words')
    assert said.startswith("&lt;b onclick=&#34;x()&#34;&gt;")
    assert '<code class="setting-name">FORMSEAL_<wbr>RUN_<wbr>WORKER</code>=false&lt;/b&gt;' in said
    assert "more_words" in said  # only FORMSEAL_ names


def test_a_message_without_a_setting_is_only_escaped() -> None:
    assert setting_breaks("Port 8000 < 65536") == "Port 8000 &lt; 65536"
