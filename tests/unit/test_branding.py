"""Brands and themes without a database: contrast, fallbacks, lookup order, theme scaffold."""

import io
import uuid
from pathlib import Path
from typing import Any

import click
import pytest
from jinja2 import StrictUndefined
from PIL import Image

from runtime.branding.brand import DEFAULT_COLOUR, Brand
from runtime.branding.colours import contrast_problems, contrast_ratio, darker, text_on
from runtime.branding.logo import LogoError, clean_logo
from runtime.branding.resolve import merge
from runtime.branding.service import BrandForm
from runtime.themes import ThemeChoice, Themes, environment, search_dirs, themed
from runtime.themes_cli import create_theme


def test_contrast_ratios_follow_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert text_on("#ffff00") == "#1b1f24" and text_on("#0b5d3b") == "#ffffff"
    assert darker("#646464", 0.5) == "#323232"


def test_low_contrast_colours_are_refused_with_the_figures() -> None:
    assert contrast_problems("#0b5d3b") == []
    assert contrast_problems(DEFAULT_COLOUR) == []
    [problem] = contrast_problems("#ffd700")  # fine under dark text, unreadable as a link
    assert "link text on the page" in problem and "4.5:1" in problem
    # 4.7:1 on white, but links sit on the page's light grey: 4.3:1 there
    [problem] = contrast_problems("#2a7ab0")
    assert "reaches only 4.3:1" in problem
    assert len(contrast_problems("#777777")) == 2  # mid grey: neither white nor ink reaches 4.5


def row(name: str, **values: object) -> dict:
    base = {
        "id": uuid.uuid4(),
        "name": name,
        "legal_name": "",
        "parent": None,
        "theme": "",
        "brand_logo": None,
        "brand_colour": "",
        "brand_font": "",
        "mail_sender_name": "",
        "footer_text": "",
    }
    return {**base, **values}


def test_brand_falls_back_to_the_parent_then_the_theme() -> None:
    logo = uuid.uuid4()
    top = row("Group", brand_colour="#0B5D3B", brand_logo=logo, footer_text="Group footer")
    middle = row("Division", brand_font="serif", theme="acme", brand_colour="not a colour")
    child = row("Child", legal_name="Child Trading Ltd", footer_text="  ")
    brand = merge([child, middle, top])
    assert brand.legal_name == "Child Trading Ltd"
    assert brand.colour == "#0b5d3b"  # the division's invalid value is skipped
    assert brand.font_key == "serif" and brand.theme == "acme"
    assert brand.footer_text == "Group footer"
    assert brand.logo_url == f"/brand/{top['id']}/logo/{logo}"
    # identity is not inherited: the sender name falls back to the child's own legal name
    assert brand.sender_name == "Child Trading Ltd"
    plain = merge([row("Solo")])
    assert plain.legal_name == "Solo" and plain.effective_colour == DEFAULT_COLOUR
    assert plain.css_variables() == {} and plain.css_url == ""


def test_brand_stylesheets_hold_only_validated_values() -> None:
    brand = Brand(organisation_id="x", colour="#0b5d3b", font_key="serif")
    css = brand.stylesheet()
    assert "--brand-colour:#0b5d3b;" in css and "--brand-on-colour:#ffffff;" in css
    assert "Georgia" in css and brand.css_url.startswith("/brand/x/brand.css?v=")
    hostile = Brand(organisation_id="x", colour="red;}body{x", font_key="x;}*{y")
    assert hostile.stylesheet() == "" and hostile.pdf_stylesheet() == ""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_one_template_override_wins_and_the_rest_falls_back(tmp_path: Path) -> None:
    write(tmp_path / "default/pages/_layout.html", "[{% block body %}{% endblock %}]")
    write(
        tmp_path / "default/pages/a.html",
        '{% extends "pages/_layout.html" %}{% block body %}default a{% endblock %}',
    )
    write(
        tmp_path / "default/pages/b.html",
        '{% extends "pages/_layout.html" %}{% block body %}default b{% endblock %}',
    )
    write(tmp_path / "acme/pages/_layout.html", "acme<{% block body %}{% endblock %}>")
    write(
        tmp_path / "acme/templates/nda/pages/a.html",
        '{% extends "pages/_layout.html" %}{% block body %}nda a{% endblock %}',
    )
    themes = Themes(tmp_path, "default")
    env = environment(themes, undefined=StrictUndefined)

    def render(path: str, choice: ThemeChoice | None) -> str:
        return env.get_template(themed(path, choice)).render()

    assert render("pages/a.html", None) == "[default a]"
    assert render("pages/a.html", ThemeChoice("acme")) == "acme<default a>"
    assert render("pages/a.html", ThemeChoice("acme", "nda")) == "acme<nda a>"
    assert render("pages/b.html", ThemeChoice("acme", "nda")) == "acme<default b>"
    assert render("pages/a.html", ThemeChoice("missing", "nda")) == "[default a]"
    assert render("pages/a.html", ThemeChoice("../etc", "")) == "[default a]"
    # a choice that changes nothing shares the plain name (and its compiled template)
    assert themes.name("pages/a.html", ThemeChoice("acme", "other")) == "@acme//pages/a.html"
    assert themes.name("pages/a.html", ThemeChoice("missing")) == "pages/a.html"
    assert search_dirs(tmp_path, "default", ThemeChoice("acme", "nda")) == [
        tmp_path / "acme/templates/nda",
        tmp_path / "acme",
        tmp_path / "default",
    ]


def test_theme_new_starts_an_empty_theme_and_refuses_bad_names(tmp_path: Path) -> None:
    folder = create_theme(tmp_path, "acme-blue")
    readme = (folder / "README.md").read_text()
    assert "override one template" in readme
    assert '{% extends "pages/signer/done.html" %}' in readme and "{{ super() }}" in readme
    assert "--brand-colour" in (folder / "static/theme.css").read_text()
    assert not any(p.suffix == ".html" for p in folder.rglob("*"))  # nothing copied
    for bad in ("acme-blue", "../up", "Acme", "default", ""):
        with pytest.raises(click.BadParameter):
            create_theme(tmp_path, bad)


def test_logos_are_reencoded_and_svg_refused() -> None:
    image = Image.new("RGBA", (1600, 400), (10, 20, 30, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=None)
    cleaned = Image.open(io.BytesIO(clean_logo(out.getvalue())))
    assert cleaned.format == "PNG" and cleaned.size == (600, 150)
    with pytest.raises(LogoError, match="SVG"):
        clean_logo(b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    with pytest.raises(LogoError, match="not a PNG or JPEG"):
        clean_logo(b"GIF89a....")


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("size", "refusal"),
    [
        ((6000, 100), "The image is 60 times as wide as it is tall; a logo may be at most 10"),
        ((100, 1500), "The image is 15 times as tall as it is wide; a logo may be at most 10"),
    ],
    ids=["banner", "pillar"],
)
def test_a_logo_far_wider_or_taller_than_a_logo_is_refused(
    size: tuple[int, int], refusal: str
) -> None:
    """A 6000×100 banner was taken (600×10 once shrunk): a sliver on the signer pages, and
    2,160 px wide in a mail's 36 px header."""
    with pytest.raises(LogoError, match=refusal):
        clean_logo(_png(*size))
    # a wordmark ten times as wide as it is tall is still a logo
    assert Image.open(io.BytesIO(clean_logo(_png(1000, 100)))).size == (600, 60)


def test_an_override_extends_the_page_it_replaces(tmp_path: Path) -> None:
    """`{% extends "pages/done.html" %}` in an override of pages/done.html extends the next
    copy down the lookup order; it extended itself until Python's recursion limit, and the
    signer saw "Something went wrong" where the theme added a line to the default page."""
    write(tmp_path / "default/pages/done.html", "[{% block body %}Signed{% endblock %}]")
    write(
        tmp_path / "acme/pages/done.html",
        '{% extends "pages/done.html" %}{% block body %}Acme: {{ super() }}{% endblock %}',
    )
    write(
        tmp_path / "acme/templates/nda/pages/done.html",
        '{% extends "pages/done.html" %}{% block body %}NDA. {{ super() }}{% endblock %}',
    )
    write(tmp_path / "solo/pages/done.html", '{% include "pages/done.html" %} (solo)')
    themes = Themes(tmp_path, "default")
    env = environment(themes, undefined=StrictUndefined)

    def render(choice: ThemeChoice | None, instance: Any = env) -> str:
        return instance.get_template(themed("pages/done.html", choice)).render()

    assert render(ThemeChoice("acme")) == "[Acme: Signed]"
    assert render(ThemeChoice("acme", "nda")) == "[NDA. Acme: Signed]"
    assert render(ThemeChoice("solo")) == "[Signed] (solo)"
    # the installation's own theme (FORMSEAL_THEME=acme), named without a prefix
    assert render(None, environment(Themes(tmp_path, "acme"))) == "[Acme: Signed]"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("0B5D3B", "#0b5d3b"),
        (" #0b5d3b ", "#0b5d3b"),
        ("#07a", "#0077aa"),
        ("07a", "#0077aa"),
        ("blue", "blue"),
        ("#0b5d3", "#0b5d3"),
    ],
    ids=["no-hash", "spaces", "short", "short-no-hash", "a-name", "five-digits"],
)
def test_a_colour_pasted_without_its_hash_or_in_short_form_is_read(typed: str, read: str) -> None:
    """A design tool copies "0B5D3B"; the brand screen refused it as not a colour."""
    form = BrandForm.from_values({"colour": typed})
    assert form.colour == read
    assert form.check(Path("/nonexistent")) == (read.startswith("#") and len(read) == 7)
