"""`formseal theme new NAME`: start a theme that overrides nothing yet (docs/themes-and-brands.md)."""

from pathlib import Path

import click

from runtime.settings import get_settings
from runtime.themes import DEFAULT_THEME, SLUG, valid_name

README = """# Theme `{name}`

This theme starts empty: every page, mail and PDF falls back to `themes/default/`.
Add only what you change; a file here replaces the default file of the same relative path.

Lookup order, most specific first (docs/themes-and-brands.md):

1. `themes/{name}/templates/<template slug>/<path>`: one template's own pages, mails or PDF
2. `themes/{name}/<path>`: this theme
3. `themes/<FORMSEAL_THEME>/<path>`, then `themes/default/<path>`

To override one template, copy that one file from `themes/default/` to the same path here
and edit it, e.g. `themes/default/pages/signer/done.html` ->
`themes/{name}/pages/signer/done.html` (every template), or
`themes/{name}/templates/<template slug>/pages/signer/done.html` (one template only).
Keep the blocks and variables the default file uses; restart formseal after a change
(or run with FORMSEAL_DEBUG=1). To add to a page rather than copy it, extend the same
path and change only its blocks: a file that extends its own path extends the next copy
down (here the default one):

    {{% extends "pages/signer/done.html" %}}
    {{% block content %}}<p>Thank you from us.</p>{{{{ super() }}}}{{% endblock %}}

`formseal serve` refuses to start while a template here does not parse, and names it.

Colours and fonts: edit `static/theme.css` (CSS custom properties). An organisation's
brand settings (Settings -> Brand) are applied after it and win.

Choose the theme for an organisation in Settings -> Brand, or for the whole
installation with FORMSEAL_THEME={name}.
"""

THEME_CSS = """/* Theme `{name}`: stylesheet variables, loaded after formseal.css.
   Uncomment and change what you need; see themes/default/static/formseal.css for the rest. */
:root {{
  /* --brand-colour: #1d5fbf;        primary colour: buttons, links (4.5:1 on the page, #f4f5f7) */
  /* --brand-colour-dark: #154a96;   hover and pressed states */
  /* --brand-on-colour: #ffffff;     text on the primary colour */
  /* --brand-header: #1b1f24;        page header background */
  /* --brand-header-text: #ffffff;   page header text */
  /* --brand-font: Georgia, "DejaVu Serif", serif; */
  /* --fs-radius: 6px; */
}}
"""

OVERRIDES = ("pages", "partials", "email", "pdf", "templates")


def create_theme(themes_dir: Path, name: str) -> Path:
    """Create themes_dir/name with a README, static/theme.css and empty override folders."""
    if not valid_name(name):
        raise click.BadParameter(
            f"{name!r} is not a valid theme name: use lowercase letters, digits, - and _ "
            f"(pattern {SLUG.pattern})",
            param_hint="NAME",
        )
    if name == DEFAULT_THEME:
        raise click.BadParameter("the default theme already exists", param_hint="NAME")
    folder = themes_dir / name
    if folder.exists():
        raise click.BadParameter(f"{folder} already exists; choose another name", param_hint="NAME")
    (folder / "static").mkdir(parents=True)
    (folder / "README.md").write_text(README.format(name=name), encoding="utf-8")
    (folder / "static" / "theme.css").write_text(THEME_CSS.format(name=name), encoding="utf-8")
    for sub in OVERRIDES:
        (folder / sub).mkdir()
        (folder / sub / ".keep").write_text("", encoding="utf-8")
    return folder


@click.group()
def theme() -> None:
    """Themes: the look of signer pages, mails and PDFs."""


@theme.command("new")
@click.argument("name")
def theme_new(name: str) -> None:
    """Start a theme NAME under FORMSEAL_THEMES_DIR that overrides nothing yet."""
    folder = create_theme(get_settings().themes_dir, name)
    click.echo(f"Created {folder}")
    click.echo(f"Read {folder / 'README.md'} to override one template or change colours.")
