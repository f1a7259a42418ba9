"""A theme that overrides ONE template's done page: that page changes, the rest falls back."""

import re
from dataclasses import replace
from pathlib import Path

from runtime.settings import Settings
from runtime.tables import Organisation, Template
from tests.integration.conftest import (
    app_client,
    cancel_jobs_of_earlier_tests,
    create_envelope,
    fill_demo,
    import_template,
    new_org,
    open_link,
    path_of,
)

DONE = """{% extends "pages/signer/_signer_layout.html" %}
{% block content %}<h1>Thank you from the contracts desk</h1>{% endblock %}
"""


async def test_a_template_override_is_picked_up_and_other_pages_fall_back(
    settings: Settings, tmp_path: Path
) -> None:
    real_default = Path(settings.themes_dir) / "default"
    (tmp_path / "default").symlink_to(real_default, target_is_directory=True)
    themed = replace(settings, themes_dir=tmp_path)
    async with app_client(themed) as client:
        await cancel_jobs_of_earlier_tests()
        org = await new_org("Theme org")
        await Organisation.update({Organisation.theme: "contracts"}).where(
            Organisation.id == org.id
        )
        first = await import_template(client, org)
        second = await import_template(client, org)
        slug = (await Template.select(Template.slug).where(Template.id == first["id"]).first())[
            "slug"
        ]
        override = tmp_path / "contracts" / "templates" / slug / "pages" / "signer" / "done.html"
        override.parent.mkdir(parents=True)
        override.write_text(DONE, encoding="utf-8")
        (tmp_path / "contracts" / "static").mkdir()
        (tmp_path / "contracts" / "static" / "theme.css").write_text(":root{--brand-font:serif}")

        envelope = await create_envelope(client, org, first["id"])
        link = path_of(envelope["recipients"][0]["signing_url"])
        step = await open_link(client, link)
        assert step.status_code == 200 and "contracts desk" not in step.text
        await fill_demo(client, link)
        done = await client.get(f"{link}/done")
        assert done.status_code == 200
        assert "Thank you from the contracts desk" in done.text
        assert "Theme org" in done.text  # still the signer layout, with the organisation

        # the theme's own stylesheet variables, linked (versioned) from its pages; a file the
        # theme lacks comes from the default theme
        linked = re.search(r'href="(/themes/contracts/static/theme\.css\?v=\w+)"', done.text)
        assert linked, done.text
        assert "serif" in (await client.get(linked.group(1))).text
        fallback = await client.get("/themes/contracts/static/formseal.css")
        assert fallback.status_code == 200 and "--brand-colour" in fallback.text
        for bad in ("/themes/contracts/static/../../../etc/passwd", "/themes/Bad!/static/x.css"):
            assert (await client.get(bad)).status_code == 404

        other = await create_envelope(client, org, second["id"])
        other_link = path_of(other["recipients"][0]["signing_url"])
        await fill_demo(client, other_link)
        other_done = await client.get(f"{other_link}/done")
        assert other_done.status_code == 200
        assert "contracts desk" not in other_done.text  # another template: the default page
