"""Opening an embedded form again: from another allowed origin (the form follows the page
that framed it), and after finishing (a new form, docs/examples/intranet)."""

from jose import jwt
from litestar.testing import AsyncTestClient

from runtime.tables import Recipient
from tests.integration import embed_helpers
from tests.integration.conftest import Org, open_link
from tests.integration.embed_helpers import FORM, INTRANET, claims

embedding = embed_helpers.embedding  # the fixture: origins INTRANET and http://localhost:8080

SHORT_NAME = "http://localhost:8080"


async def _open(client: AsyncTestClient, embedding: dict, origin: str) -> str:
    token = jwt.encode(claims(), embedding["secret"], algorithm="HS256")
    opened = await client.get(
        f"/embed/{embedding['slug']}", params={"token": token, "origin": origin}
    )
    assert opened.status_code == 303, opened.text
    return opened.headers["location"]


async def test_a_form_resumed_from_another_allowed_page_talks_to_that_page(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    """Started on one intranet address and resumed on the other (its short name, a second
    portal): the messages (resize, steps, completed) go to the page showing the form now.
    They went to the first page's origin, so the browser dropped every one: the frame
    stayed 480 px high with a scroll bar inside and formseal:completed never came."""
    first = await _open(client, embedding, INTRANET)
    page = await open_link(client, first)
    assert f'data-origin="{INTRANET}"' in page.text

    again = await _open(client, embedding, SHORT_NAME)
    assert again.split("/")[2] == first.split("/")[2]  # the same envelope, resumed
    page = await open_link(client, again)
    assert page.status_code == 200
    assert f'data-origin="{SHORT_NAME}"' in page.text, "messages still go to the first page"
    assert f"frame-ancestors {SHORT_NAME} {INTRANET}" in page.headers["content-security-policy"]


async def test_after_signing_the_next_load_opens_a_new_form(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    """Only an unfinished form is resumed: the guide tells the intranet to stop showing the
    snippet after formseal:completed if each person may sign once, and to check that event
    with the API, whose recipient names the token's sub (the API had no way to tell which
    intranet user an envelope belonged to)."""
    first = await _open(client, embedding, INTRANET)
    link = "/".join(first.split("/")[:3])
    await open_link(client, first)
    await client.post(f"{link}/step/1", data={"item": "A laptop", "signature__typed": "Kim Lee"})
    finished = await client.post(f"{link}/finish")
    assert finished.headers["location"] == f"{link}/done?finished=1"
    # the intranet's server checks formseal:completed's envelope with the API: whose it is
    row = (
        await Recipient.select(Recipient.envelope)
        .where(Recipient.external_subject == f"{embed_helpers.ISSUER}|u-1001")
        .first()
    )
    got = await client.get(f"/api/v1/envelopes/{row['envelope']}", headers=org.auth)
    (recipient,) = got.json()["recipients"]
    assert (recipient["sso_subject"], recipient["email"]) == ("u-1001", "kim@example.com")
    again = await _open(client, embedding, INTRANET)
    assert again.split("/")[2] != first.split("/")[2]
    assert (await open_link(client, again)).url.path.endswith("/step/1")  # blank, at the start


async def test_an_unfinished_form_keeps_its_version_until_it_is_voided(
    client: AsyncTestClient, org: Org, embedding: dict
) -> None:
    """As the guide says: a new version does not replace a started form; voiding it does."""
    first = await _open(client, embedding, INTRANET)
    await open_link(client, first)
    listed = (await client.get("/api/v1/templates", headers=org.auth)).json()
    (template,) = [t for t in listed["items"] if t["slug"] == embedding["slug"]]
    renamed = {**FORM, "name": FORM["name"] + " (2027)"}
    published = await client.post(
        f"/api/v1/templates/{template['id']}/publish", headers=org.auth, json=renamed
    )
    assert published.status_code == 201, published.text
    again = await _open(client, embedding, INTRANET)
    assert again.split("/")[2] == first.split("/")[2]  # the version-1 form, resumed
    row = (
        await Recipient.select(Recipient.envelope)
        .where(Recipient.external_subject == f"{embed_helpers.ISSUER}|u-1001")
        .first()
    )
    voided = await client.post(
        f"/api/v1/envelopes/{row['envelope']}/void", headers=org.auth, json={"reason": "v2"}
    )
    assert voided.status_code == 200, voided.text
    fresh = await _open(client, embedding, INTRANET)
    assert fresh.split("/")[2] != first.split("/")[2]
    assert "Equipment request (2027)" in (await open_link(client, fresh)).text  # version 2
