"""The brand screen's PDF preview shows the organisation's name in the sample contract, this
instance's verify address, and none of the sealing tests' escaping probes, which looked
like a script that got through."""

from pathlib import Path

from designer.branding.preview import preview_seal_input
from runtime.branding.brand import Brand
from runtime.sealing.document import build_document_html

THEMES = Path(__file__).resolve().parents[2] / "themes"


def test_the_sample_contract_names_the_organisation_and_no_script() -> None:
    brand = Brand(name="Northwind", legal_name="Northwind Services & Co Ltd")
    sample = preview_seal_input(brand, "https://forms.example.com/")
    html = build_document_html(sample, themes_dir=THEMES)
    assert "alert(1)" not in html and "&lt;script" not in html and "&lt;Acme" not in html
    assert "Acme" not in html
    assert "between <strong>Northwind Services &amp; Co Ltd</strong>" in html
    assert "Minh Khai Trading &amp; Sons" in html
    assert "https://forms.example.com/verify" in html and ":8000" not in html
