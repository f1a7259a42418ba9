"""Declining answers with Post/Redirect/Get; the signer's error pages advise checking the
link only where the link itself may be wrong (a 404; not a known link's closed document)."""

import datetime as dt

from litestar.testing import AsyncTestClient

from runtime.tables import Envelope, Organisation
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    open_link,
    path_of,
)

CHECK_THE_LINK = "check that you copied all of it"


async def _link(client: AsyncTestClient, org: Org) -> str:
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    return path_of(envelope["recipients"][0]["signing_url"])


async def test_declining_redirects_to_the_declined_page(client: AsyncTestClient, org: Org) -> None:
    link = await _link(client, org)
    await open_link(client, link)
    form = await client.get(f"{link}/decline")
    token = csrf_from(form.text)
    empty = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": " "})
    assert empty.status_code == 303 and empty.headers["location"].endswith("/decline?refused=1")
    again = await client.get(empty.headers["location"])
    assert "Enter a reason" in again.text
    declined = await client.post(
        f"{link}/decline", data={"_csrf_token": token, "reason": "The start date is wrong."}
    )
    # reloading the page shown next does not ask to send the form again
    assert declined.status_code == 303 and declined.headers["location"] == f"{link}/"
    shown = await client.get(declined.headers["location"])
    assert shown.status_code == 200 and "You declined to sign" in shown.text
    # two sentences, with a space between them ("reason.They" in every language before)
    assert "passed on your reason. They may send you a corrected document." in shown.text

    # a closed document (410) of a known link: it was copied whole, so no advice to check
    # it; the footer says whose link it is
    closed = await client.get(f"{link}/step/1")
    assert closed.status_code == 410 and CHECK_THE_LINK not in closed.text
    assert "This link was sent to Alex Example (Customer)." in closed.text


async def test_the_french_declined_page_calls_the_organisation_no_he(
    client: AsyncTestClient, org: Org
) -> None:
    """ "Nous avons informé My organisation. Il pourra vous envoyer…": an organisation is
    no "il"; the sentence is neutral."""
    link = await _link(client, org)
    await open_link(client, link)
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/"})
    token = csrf_from((await client.get(f"{link}/decline")).text)
    declined = await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "Non."})
    french = (await client.get(declined.headers["location"])).text
    assert "Vous avez refusé de signer" in french
    assert "et transmis votre raison. Un document corrigé pourra vous être envoyé." in french
    assert "Il pourra" not in french


async def test_advice_to_check_the_link_only_where_the_link_may_be_wrong(
    client: AsyncTestClient, org: Org
) -> None:
    unknown = await client.get("/s/" + "x" * 43 + "/")
    assert unknown.status_code == 404 and unknown.text.count(CHECK_THE_LINK) == 1
    # the same advice is not given twice in other words ("Check that you copied the whole link")
    assert "copied the whole link" not in unknown.text.lower()

    link = await _link(client, org)
    await open_link(client, link)
    token = csrf_from((await client.get(f"{link}/decline")).text)
    await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "Wrong date."})
    closed = await client.get(f"{link}/step/1")  # a known link's closed document: 410
    assert closed.status_code == 410 and CHECK_THE_LINK not in closed.text


async def test_a_link_closes_at_its_expiry_time_before_the_expire_job_runs(
    client: AsyncTestClient, org: Org
) -> None:
    """The `expire` job may run late (a busy or stopped worker): the link is closed from
    the envelope's expiry time, not from when the job gets to it."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"], expires_in_days=3)
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    assert (await client.get(f"{link}/step/1")).status_code == 200
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await Envelope.update({Envelope.expires_at: past}).where(Envelope.id == envelope["id"])
    for path in ("/", "/step/1", "/review"):
        closed = await client.get(link + path)
        assert closed.status_code == 410, path
        assert "This document has expired" in closed.text
    finish = await client.post(f"{link}/finish", data={})
    assert finish.status_code == 410


async def test_a_signer_can_decline_from_the_first_step(client: AsyncTestClient, org: Org) -> None:
    """Declining is offered on every step, not only on Check your answers, which a signer
    who disagrees could reach only by answering every required question first."""
    link = await _link(client, org)
    step = await open_link(client, link)
    assert f'<a href="{link}/decline">I do not want to sign this document</a>' in step.text
    form = await client.get(f"{link}/decline")
    assert form.status_code == 200 and "Decline to sign" in form.text


async def test_a_known_links_error_pages_show_its_organisations_brand(
    client: AsyncTestClient, org: Org
) -> None:
    """'Not your turn', 'already finished', closed: the link is known, so its page keeps the
    organisation's brand its other pages show; an unknown link has only formseal's."""
    await Organisation.update(
        {Organisation.legal_name: "Brandwell Trading Ltd", Organisation.brand_colour: "#7a1f5c"}
    ).where(Organisation.id == org.id)
    link = await _link(client, org)
    await open_link(client, link)
    token = csrf_from((await client.get(f"{link}/decline")).text)
    await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "Wrong date."})
    finished = await client.get(f"{link}/step/1")  # declined, so closed: 410
    assert finished.status_code == 410
    assert '<span class="brand__name">Brandwell Trading Ltd</span>' in finished.text
    assert f"/brand/{org.id}/brand.css" in finished.text  # its colour, as on its other pages
    assert "– formseal</title>" not in finished.text

    unknown = await client.get("/s/" + "x" * 43 + "/")
    assert unknown.status_code == 404
    assert '<span class="brand">formseal</span>' in unknown.text
    assert "Brandwell" not in unknown.text


async def test_a_consent_or_decline_form_sent_after_signing_leads_to_the_signed_page(
    client: AsyncTestClient, org: Org
) -> None:
    """Back to an old consent or decline page after signing, then its button: the signer
    lands on their confirmation, told nothing was changed, not on a bare 409."""
    link = await _link(client, org)
    consent_page = await open_link(client, link)
    token = csrf_from(consent_page.text)
    await fill_demo(client, link)

    for path, form in (
        ("consent", {"consent": "yes"}),
        ("consent", {"consent": "no"}),
        ("decline", {"reason": "Changed my mind."}),
    ):
        sent = await client.post(f"{link}/{path}", data={"_csrf_token": token, **form})
        assert sent.status_code == 303, (path, sent.status_code)
        assert sent.headers["location"] == f"{link}/done?already=1"
        shown = await client.get(sent.headers["location"])
        assert shown.status_code == 200
        assert "You had already signed this document, so nothing was changed." in shown.text
        assert "Signed" in shown.text and "Your reference" in shown.text
    for path in ("consent", "decline"):  # the pages themselves, shown again by Back
        again = await client.get(f"{link}/{path}")
        assert again.status_code == 302 and again.headers["location"] == f"{link}/done?already=1"

    plain = await client.get(f"{link}/done")  # the usual confirmation says nothing of it
    assert "nothing was changed" not in plain.text

    await client.post(f"{link}/language", data={"language": "vi", "return": f"{link}/"})
    vietnamese = await client.get(f"{link}/done?already=1")
    assert "Bạn đã ký tài liệu này trước đó, nên không có gì thay đổi." in vietnamese.text


async def test_a_consent_form_sent_after_declining_shows_the_declined_page(
    client: AsyncTestClient, org: Org
) -> None:
    link = await _link(client, org)
    token = csrf_from((await open_link(client, link)).text)
    await client.post(f"{link}/decline", data={"_csrf_token": token, "reason": "Wrong date."})
    sent = await client.post(f"{link}/consent", data={"_csrf_token": token, "consent": "yes"})
    assert sent.status_code == 303 and sent.headers["location"] == f"{link}/"
    shown = await client.get(sent.headers["location"])
    assert shown.status_code == 200 and "You declined to sign" in shown.text
    again = await client.get(f"{link}/consent")
    assert again.status_code == 302 and again.headers["location"] == f"{link}/"


TWO_STAGES = {
    "name": "Two stages",
    "roles": [
        {"key": "first", "name": "First", "stage": 1},
        {"key": "second", "name": "Second", "stage": 2},
    ],
    "sections": [
        {
            "key": key,
            "title": key.title(),
            "role": key,
            "fields": [{"key": f"{key}_sign", "component": "signature", "label": "Sign"}],
        }
        for key in ("first", "second")
    ],
}


async def test_a_link_whose_turn_has_not_come_says_so_in_its_heading(
    client: AsyncTestClient, org: Org
) -> None:
    """docs/signer-help.md: 'If the page says "It is not your turn yet"'. The page's heading
    said "This cannot be done now" (any 409's), with the turn only in the line under it."""
    template = await import_template(client, org, TWO_STAGES)
    people = [
        {"role": "first", "name": "Fay First", "email": "fay@example.com"},
        {"role": "second", "name": "Sid Second", "email": "sid@example.com"},
    ]
    envelope = await create_envelope(client, org, template["id"], recipients=people, prefill={})
    link = path_of(envelope["recipients"][1]["signing_url"])
    early = await client.get(link, follow_redirects=True)
    assert early.status_code == 409
    assert "<h1>It is not your turn yet</h1>" in early.text
    assert "<title>It is not your turn yet – Two stages</title>" in early.text
    assert "Someone else signs before you. You will get a message when it is your turn." in (
        early.text
    )
    assert "This cannot be done now" not in early.text and CHECK_THE_LINK not in early.text

    french = await client.get(link, headers={"Accept-Language": "fr"}, follow_redirects=True)
    assert "<h1>Ce n’est pas encore votre tour</h1>" in french.text
