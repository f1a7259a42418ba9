"""The designer's header keeps the everyday work (Templates, Envelopes, Archive, Insight) and
one "Settings" entry; /designer/settings/ lists the settings screens each role may open, with
the same rules as the screens' own guards (Outbox: every role; the rest: administrators)."""

import re
import uuid

import pytest
from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from runtime.accounts.service import ensure_organisation
from tests.integration.designer.conftest import PASSWORD, Author, sign_in

ADMIN_ONLY = {
    "Organisation": "/designer/organisation",
    "Users": "/designer/users",
    "Brand": "/designer/settings/brand",
    "Stamps": "/designer/settings/stamps",
    "API keys": "/designer/settings/api-keys",
    "Webhooks": "/designer/settings/webhooks",
    "Embedding": "/designer/settings/embedding",
    "Audit trail": "/designer/settings/audit",
    "Problems": "/designer/settings/problems",
    "Retention periods": "/designer/archive/retention",
}
EVERY_ROLE = {"Outbox": "/designer/outbox"}


def _links(html: str, start: str, end: str) -> dict[str, str]:
    """label -> its opening <a> tag, for the links between two markers of the page."""
    part = html.split(start, 1)[1].split(end, 1)[0]
    return {m[2]: m[1] for m in re.finditer(r"(<a [^>]*>)([^<]+)</a>", part)}


def href(tag: str) -> str:
    found = re.search(r'href="([^"]+)"', tag)
    return found[1] if found else ""


def header_links(html: str) -> dict[str, str]:
    return _links(html, 'aria-label="Designer"', "</nav>")


def card_links(html: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in html.split('<ul class="settings-list">')[1:]:
        found.update(
            _links('<ul class="settings-list">' + part, '<ul class="settings-list">', "</ul>")
        )
    return found


def groups(html: str) -> dict[str, list[str]]:
    """The landing page's group headings, each with the cards under it."""
    found = {}
    for part in html.split('class="settings-group__title"')[1:]:
        title = part.split(">", 1)[1].split("<", 1)[0]
        found[title] = list(card_links(part.split("</section>", 1)[0]))
    return found


async def _member(role: str) -> Author:
    org = await ensure_organisation(f"Settings org {uuid.uuid4().hex[:8]}")
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    await create_user(org, email, PASSWORD, name=f"Test {role}", role=role)
    return Author(email, PASSWORD, org)


@pytest.mark.parametrize("role", ["admin", "author", "sender", "viewer"])
async def test_settings_lists_what_the_role_may_open(client: AsyncTestClient, role: str) -> None:
    await sign_in(client, await _member(role))
    landing = await client.get("/designer/settings/")
    assert landing.status_code == 200
    header = header_links(landing.text)
    assert list(header) == ["Templates", "Envelopes", "Archive", "Insight", "Settings"]
    assert 'aria-current="page"' in header["Settings"]
    cards = card_links(landing.text)
    expected = {**ADMIN_ONLY, **EVERY_ROLE} if role == "admin" else EVERY_ROLE
    assert {label: href(tag) for label, tag in cards.items()} == expected
    if role == "admin":  # eleven cards in three calm groups, not one grid
        assert groups(landing.text) == {
            "Your organisation": ["Organisation", "Users", "Brand", "Stamps"],
            "Connections": ["API keys", "Webhooks", "Embedding"],
            "Records": ["Outbox", "Audit trail", "Problems", "Retention periods"],
        }
    else:
        assert groups(landing.text) == {"Records": ["Outbox"]}
    for label, path in ADMIN_ONLY.items():  # what the page offers is what the role may open
        if label == "Retention periods":
            continue  # every role may read the periods from the Archive; admins change them
        opened = await client.get(path)
        assert opened.status_code == (200 if role == "admin" else 403), (label, opened.status_code)
        assert (label in cards) == (opened.status_code == 200)
    assert (await client.get("/designer/outbox")).status_code == 200


async def test_a_settings_screen_marks_settings_and_itself(client: AsyncTestClient) -> None:
    await sign_in(client, await _member("admin"))
    for label, path in {**ADMIN_ONLY, **EVERY_ROLE}.items():
        screen = await client.get(path)
        assert screen.status_code == 200, path
        assert 'aria-current="true"' in header_links(screen.text)["Settings"], path
        sub = _links(screen.text, 'aria-label="Settings"', "</nav>")
        assert set(sub) == set(ADMIN_ONLY) | set(EVERY_ROLE), path
        assert [k for k, tag in sub.items() if "aria-current" in tag] == [label], path
        nav = screen.text.split('aria-label="Settings"', 1)[1].split("</nav>", 1)[0]
        starts = re.findall(r'settings-nav__item--group"><a [^>]*>([^<]+)<', nav)
        assert starts == ["API keys", "Outbox"], path  # a thin rule where a group begins
    templates = await client.get("/designer/templates")
    assert 'aria-current="page"' in header_links(templates.text)["Templates"]
    assert "aria-current" not in header_links(templates.text)["Settings"]
    assert 'aria-label="Settings"' not in templates.text


async def test_a_viewer_on_the_outbox_gets_no_one_link_sub_navigation(
    client: AsyncTestClient,
) -> None:
    await sign_in(client, await _member("viewer"))
    outbox = await client.get("/designer/outbox")
    assert 'aria-current="true"' in header_links(outbox.text)["Settings"]
    assert 'aria-label="Settings"' not in outbox.text
    assert "/designer/users" not in outbox.text


async def test_a_template_s_own_pages_mark_templates(client: AsyncTestClient) -> None:
    """The editor's tabs and a template's publish and versions pages belong to
    Templates: the header says so (it marked no section there)."""
    token = await sign_in(client, await _member("admin"))
    created = await client.post("/designer/templates", data={"_csrf_token": token, "name": "Nav"})
    base = created.headers["location"].split("?")[0].rsplit("/", 1)[0]
    for tab in ("edit", "document", "roles", "publish", "versions"):
        screen = await client.get(f"{base}/{tab}")
        assert screen.status_code == 200, tab
        assert 'aria-current="page"' in header_links(screen.text)["Templates"], tab


async def test_the_outbox_card_and_page_say_whether_mails_are_sent(
    client: AsyncTestClient, mail_client: AsyncTestClient
) -> None:
    """Without FORMSEAL_SMTP_HOST mails stay on disk; with it they are sent, and the Outbox
    holds only those written before (the card used to say 'while no SMTP server is set up'
    either way, which read as if mail were not going out)."""
    member = await _member("admin")  # every card, each with its own text
    await sign_in(client, member)
    no_smtp = (await client.get("/designer/settings/")).text
    assert "No SMTP server is set up: mails are written to disk instead of being sent." in no_smtp
    assert "through your SMTP server" not in no_smtp
    # the Outbox lists texted identity codes too (no SMS provider set)
    assert "with the text messages (identity codes) written while no SMS provider" in no_smtp
    empty = (await client.get("/designer/outbox")).text
    assert "No SMTP server is set" in empty
    assert "The outbox is empty. A mail appears here once a job worker has written it." in empty

    await sign_in(mail_client, member)
    smtp = (await mail_client.get("/designer/settings/")).text
    assert "Mails go out through your SMTP server; here only those written to disk" in smtp
    assert "No SMTP server" not in smtp
    assert "and the text messages (identity codes) written while no SMS provider" in smtp
    outbox = (await mail_client.get("/designer/outbox")).text
    assert "Mail goes out through your SMTP server" in outbox and "No SMTP server" not in outbox
    assert "once a job worker has written it" not in outbox


async def test_an_organisation_without_subsidiaries_has_no_group_envelopes_link(
    client: AsyncTestClient,
) -> None:
    """'See the group's envelopes' led an organisation with no subsidiary to its own
    envelopes again, with an organisation picker offering only itself; it shows once there
    is a group."""
    await sign_in(client, await _member("admin"))
    page = (await client.get("/designer/organisation")).text
    assert "No subsidiaries yet" in page and "See the group's envelopes" not in page


async def test_retention_periods_are_reached_from_settings(client: AsyncTestClient) -> None:
    """The periods were only behind a button on the Archive: Settings had no way to them."""
    await sign_in(client, await _member("admin"))
    landing = await client.get("/designer/settings/")
    assert href(card_links(landing.text)["Retention periods"]) == "/designer/archive/retention"
    periods = await client.get("/designer/archive/retention")
    assert "<h1>Retention periods</h1>" in periods.text
    assert 'aria-current="true"' in header_links(periods.text)["Settings"]
    await sign_in(client, await _member("viewer"))  # reads them from the Archive
    periods = await client.get("/designer/archive/retention")
    assert periods.status_code == 200
    assert 'aria-current="page"' in header_links(periods.text)["Archive"]
