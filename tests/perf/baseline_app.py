"""The yardstick for the signer pages: bare Litestar + Jinja2, no database, no middleware.

It renders a form page of about the same HTML size and structure as formseal's step 1
(layout, four labelled fields with hints, a hidden input, scripts) through Litestar's Jinja
engine; a form POST to /form answers with a 303 like Continue, and one to /form/draft with
the fields fragment, like formseal's htmx autosave. Served with uvicorn
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
    ("start_date", "date", "Service start date", "For example, 27/03/2027.", ""),
]

LAYOUT = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>{{ title }} – {{ document }}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/static/formseal.css">
</head>
<body>
  <a class="skip-link" href="#main">Skip to main content</a>
  <header class="site-header">
    <div class="container site-header__inner">
      <span class="brand">{{ organisation }}</span>
      <span class="site-header__doc">{{ document }}</span>
    </div>
  </header>
  <main id="main" class="container" tabindex="-1">
    {% block content %}{% endblock %}
  </main>
  <footer class="site-footer">
    <div class="container">Your answers are saved as you go. Signing for {{ signer }}.</div>
  </footer>
  <script src="/static/vendor/signature_pad.umd.min.js" defer></script>
  <script src="/static/signer.js" defer></script>
</body>
</html>
"""

FORM = """{% extends "layout.html" %}
{% block content %}
<div class="narrow">
  <p class="step-caption">Step 1 of 3 <span aria-hidden="true">—</span> {{ document }}</p>
  <h1>{{ title }}</h1>
  <p class="lead">We put these details into the agreement exactly as you type them.</p>
  <form method="post" action="/form" novalidate data-signer-form>
    <input type="hidden" name="_csrf_token" value="{{ token }}" />
    <div id="step-fields">{% include "fields.html" %}</div>
    <div class="button-group">
      <button type="submit" class="button" data-module="continue">Continue</button>
    </div>
  </form>
</div>
{% endblock %}
"""


FIELDS_PARTIAL = """{% for key, kind, label, hint, value in fields %}
<div class="form-group" id="field-{{ key }}">
  <label class="label" for="input-{{ key }}">{{ label }}</label>
  <div class="hint" id="hint-{{ key }}">{{ hint }}</div>
  <input class="input input--wide" type="{{ kind }}" id="input-{{ key }}" name="{{ key }}"
         value="{{ value }}" aria-describedby="hint-{{ key }}">
</div>
{% endfor %}
"""


@get("/form")
async def show_form() -> Template:
    return Template(
        template_name="form.html",
        context={
            "title": "Your details",
            "document": "Service agreement",
            "organisation": "My organisation",
            "signer": "Alex Example (Customer)",
            "token": "0123456789abcdef" * 8,
            "fields": FIELDS,
        },
    )


@post("/form")
async def save_form(request: Request) -> Redirect:
    form = await request.form()
    _ = {key: form.get(key, "") for key, *_ in FIELDS}
    return Redirect("/form", status_code=303)


@post("/form/draft", status_code=200)
async def save_draft(request: Request) -> Template:
    """Like an htmx autosave: read the form, answer with the fields as they now stand."""
    form = await request.form()
    fields = [(k, kind, label, hint, form.get(k, "")) for k, kind, label, hint, _ in FIELDS]
    return Template(template_name="fields.html", context={"fields": fields})


def _environment() -> Environment:
    return Environment(
        loader=DictLoader(
            {"layout.html": LAYOUT, "form.html": FORM, "fields.html": FIELDS_PARTIAL}
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
