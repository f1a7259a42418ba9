"""The yardstick for the signer pages: bare Litestar + Jinja2, no database, no middleware.

It renders a form page of the same HTML size and structure as formseal's step 1 (layout
with a language switcher, four labelled fields with hints, hidden inputs, scripts: the
issue asks for "a bare Litestar + Jinja2 page of the same size") through Litestar's Jinja
engine; a form POST to /form answers with a 303 like Continue, and one to /form/draft with
the caption and fields fragment, like formseal's htmx autosave. Served with uvicorn
exactly like formseal: `uvicorn tests.perf.baseline_app:app --no-access-log`.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape
from litestar import Litestar, Request, get, post
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

FIELDS = [
    ("full_name", "text", "Full name", "As it appears on your passport or ID card.", ""),
    ("email", "email", "Email address", "We send the signed agreement to this address.", ""),
    (
        "company",
        "text",
        "Company name (optional)",
        "Leave empty if you sign as a private person.",
        "",
    ),
    ("start_date", "date", "Service start date", "For example, 27 March 2027.", ""),
]
#: what formseal's inputs carry beside the name (components' macros), by kind
INPUT_EXTRAS = {
    "text": ("input--wide", ' dir="auto"'),
    "email": ("input--wide", ' autocomplete="email" spellcheck="false"'),
    "date": ("input--date", " "),
}
#: static files are linked with their content's hash, as formseal's static_url does
V = "?v=0123456789abcdef"

LAYOUT = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>{{ title }} – {{ document }}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/formseal.css{{ v }}">
  <meta name="htmx-config" content='{"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true,"includeIndicatorStyles":false,"historyEnabled":false}'>
</head>
<body>
  <a class="skip-link" href="#main">Skip to main content</a>
  <header class="site-header">
    <div class="container site-header__inner">
      <span class="brand"><span class="brand__name">{{ organisation }}</span></span>
      <span class="site-header__doc">{{ document }}</span>
      <form class="language-switcher" method="post" action="{{ base }}/language">
        <input type="hidden" name="return" value="{{ base }}/step/1">
        <label class="visually-hidden" for="language-choice">Language</label>
        <select class="language-switcher__select" id="language-choice" name="language">
          {% for code, name, lang, chosen in languages %}
          <option value="{{ code }}" lang="{{ lang }}"{% if chosen %} selected{% endif %}>{{ name }}</option>
          {% endfor %}
        </select>
        <button type="submit" class="language-switcher__button">Change language</button>
      </form>
      <div id="signer-texts" hidden data-saving="Saving…" data-saved="Saved" data-failed="Not saved" data-not-uploaded="Not uploaded: %(reason)s"
        data-retry="retry" data-one-more="A new question appeared." data-more="New questions appeared."
        data-uploading="Uploading" data-too-large="The selected file is too large."
        data-upload-failed="The file could not be uploaded." data-remove-failed="The file could not be removed."
        data-upload-cancelled="Upload cancelled."
        data-offline="You seem to be offline. What you typed stays on this page: select Continue again when you are back online."
        data-keep="Keep the answers on this page" data-theirs="Show the answers saved in the other window"
        data-reopen="Open this page again" data-count-left="Characters left: %(count)s"
        data-count-over="Too many characters: %(count)s"></div>
    </div>
  </header>
  <main id="main" class="container" tabindex="-1">
    {% block content %}{% endblock %}
  </main>
  <footer class="site-footer">
    <div class="container">
      <span data-autosave-note hidden>Your answers are saved as you type. </span>Signing for {{ signer }}.
      <a href="{{ base }}/consent">Consent to electronic records</a></div>
  </footer>
  <script src="/static/vendor/htmx.min.js{{ v }}" defer></script>
  <script src="/static/vendor/signature_pad.umd.min.js{{ v }}" defer></script>
  <script src="/static/signer-uploads.js{{ v }}" defer></script>
  <script src="/static/signer.js{{ v }}" defer></script>
  <script src="/static/signer-windows.js{{ v }}" defer></script>
</body>
</html>
"""

FORM = """{% extends "layout.html" %}
{% block content %}
<div class="narrow">
  <p class="step-caption" id="step-caption">Step 1 of 3 <span aria-hidden="true">—</span> {{ title }}</p>
  <h1>{{ title }}</h1>
  <p class="lead">We put these details into the agreement exactly as you type them.</p>
  <form method="post" action="{{ base }}/form" novalidate data-signer-form
        hx-post="{{ base }}/form/draft" hx-trigger="input changed delay:700ms, change delay:150ms, fs:save"
        hx-swap="none" hx-sync="this:queue last">
    <input type="hidden" name="_csrf_token" value="{{ token }}" />
    <button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true" data-enter-continues>Continue</button>
    <input type="hidden" name="__state" value="{{ state }}" data-state>
    <input type="hidden" name="__language" value="en">
    <p class="visually-hidden" id="fields-announcer" aria-live="polite"></p>
    <div id="step-fields" class="step-fields">{% include "fields.html" %}</div>
    <div class="button-group">
      <button type="submit" class="button" data-module="continue">Continue</button>
      <p class="autosave" id="autosave-status" role="status" aria-live="polite" data-autosave hidden></p>
    </div>
  </form>
  <p class="decline-link"><a href="{{ base }}/decline">I do not want to sign this document</a></p>
</div>
{% endblock %}
"""


FIELDS_PARTIAL = """{% for key, kind, label, hint, value in fields %}
<div class="field-slot" id="slot-{{ key }}" data-slot="{{ kind }}">
  {% if key not in kept %}
  <div class="form-group" id="field-{{ key }}">
    <label class="label" for="input-{{ key }}">{{ label }}</label>
    <div class="hint" id="hint-{{ key }}">{{ hint }}</div>
    {% set width, extra = extras[kind] %}
    <input class="input {{ width }}" type="{{ kind }}" id="input-{{ key }}" name="{{ key }}"
           value="{{ value }}" aria-describedby="hint-{{ key }}"{{ extra | safe }}>
  </div>
  {% endif %}
</div>
{% endfor %}
<input type="hidden" name="__shown" id="shown-keys" value="{{ fields | map(attribute=0) | join(' ') }}">
"""

DRAFT = """<p id="step-caption">Step 1 of 3 <span aria-hidden="true">—</span> {{ title }}</p>
<div id="step-fields">
{% include "fields.html" %}
</div>
<p id="autosave-result" data-saved="Saved">Saved</p>
"""

BASE = "/s/" + "x" * 43  # a signing link's path, as long as formseal's
LANGUAGES = [
    ("en", "English", "en"),
    ("zh-CN", "简体中文", "zh-Hans"),
    ("ms", "Bahasa Melayu", "ms"),
    ("vi", "Tiếng Việt", "vi"),
    ("fr", "Français", "fr"),
]


@get("/form")
async def show_form() -> Template:
    return Template(
        template_name="form.html",
        context={
            "title": "Your details",
            "document": "Service agreement",
            "organisation": "My organisation",
            "signer": "Alex Example (Customer)",
            "token": "",  # signer pages carry an empty one: the link is the secret
            "state": "0123456789abcdef01234567",
            "fields": FIELDS,
            "base": BASE,
            "languages": [(code, name, lang, code == "en") for code, name, lang in LANGUAGES],
            "kept": (),
            "extras": INPUT_EXTRAS,
            "v": V,
        },
    )


@post("/form")
async def save_form(request: Request) -> Redirect:
    form = await request.form()
    _ = {key: form.get(key, "") for key, *_ in FIELDS}
    return Redirect("/form", status_code=303)


@post("/form/draft", status_code=200)
async def save_draft(request: Request) -> Template:
    """Like an htmx autosave: read the form, answer with the caption and the fields' slots,
    empty for the fields the page already shows (as formseal does)."""
    form = await request.form()
    fields = [(k, kind, label, hint, form.get(k, "")) for k, kind, label, hint, _ in FIELDS]
    kept = set(str(form.get("__shown") or "").split())
    context = {"fields": fields, "title": "Your details", "kept": kept, "extras": INPUT_EXTRAS}
    return Template(template_name="draft.html", context=context)


def _environment() -> Environment:
    return Environment(
        loader=DictLoader(
            {
                "layout.html": LAYOUT,
                "form.html": FORM,
                "fields.html": FIELDS_PARTIAL,
                "draft.html": DRAFT,
            }
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


app = Litestar(
    route_handlers=[show_form, save_form, save_draft],
    template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(_environment())),
)
