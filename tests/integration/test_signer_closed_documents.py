"""What a link says once its document closed before it was completed — voided, declined or
expired — to someone who has not acted (the closed page) and to someone who had already
finished (the confirmation): what happened, when, and the reason in its writer's own words,
escaped; never "waiting for the other parties" nor advice to check the link. And the
confirmation while no worker takes the seal: after two minutes it says it is taking longer
than usual and checks less often. Voided and the slow seal (dates from the database) on both
engines; the rest on SQLite."""

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.jobs.seal import seal_job_key
from runtime.tables import Envelope, Job, Recipient
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    demo_definition,
    fill_demo,
    import_template,
    open_link,
    path_of,
)

CHECK_THE_LINK = "check that you copied all of it"
REASON = "Wrong rate <b>3%</b> & fees.\nA new one follows."
ESCAPED = "Wrong rate &lt;b&gt;3%&lt;/b&gt; &amp; fees.\nA new one follows."


def _two_parties() -> dict[str, Any]:
    """The demo agreement, then a Lender who signs after the customer."""
    definition = demo_definition()
    definition["roles"].append({"key": "lender", "name": "Lender", "kind": "signer", "stage": 2})
    definition["sections"].append(
        {
            "key": "lender_sign",
            "title": "Lender signs",
            "role": "lender",
            "fields": [{"key": "lender_signature", "component": "signature", "label": "Sign"}],
        }
    )
    return definition


async def _signed_by_customer(client: AsyncTestClient, org: Org) -> tuple[dict, str, str]:
    """An envelope whose customer has signed: (envelope, customer's link, lender's link)."""
    template = await import_template(client, org, _two_parties())
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Alex Example", "email": "alex@example.com"},
            {"role": "lender", "name": "Len Der", "email": "len@example.com"},
        ],
    )
    customer, lender = (path_of(r["signing_url"]) for r in envelope["recipients"])
    await fill_demo(client, customer)
    return envelope, customer, lender


def _seal_state(page: str) -> str:
    found = re.search(r'data-seal-state="(\w+)"', page)
    assert found, page
    return found[1]


async def test_a_voided_document_says_the_senders_reason(client: AsyncTestClient, org: Org) -> None:
    envelope, customer, lender = await _signed_by_customer(client, org)
    waiting = (await client.get(f"{customer}/done")).text
    assert _seal_state(waiting) == "waiting" and "Waiting for the other parties" in waiting

    voided = await client.post(
        f"/api/v1/envelopes/{envelope['id']}/void", json={"reason": REASON}, headers=org.auth
    )
    assert voided.status_code == 200, voided.text

    # the customer, who had signed: what happened instead of "Waiting for the other parties"
    done = (await client.get(f"{customer}/done")).text
    assert _seal_state(done) == "never" and "data-seal-poll" not in done
    assert "This document will not be completed" in done
    assert "voided it after you finished, so there will be no sealed PDF." in done
    assert "Their reason:" in done and ESCAPED in done and "<b>3%" not in done
    assert "Waiting for the other parties" not in done
    assert "receives the same sealed document" not in done and "/verify" not in done

    # the lender, who had not acted: the closed page says when and why, and its footer
    # whose link it is, not to check that the link was copied whole
    closed = await client.get(lender)
    assert closed.status_code == 410
    assert "The sender voided this document; it can no longer be signed." in closed.text
    assert "Voided on " in closed.text and ESCAPED in closed.text
    assert "This link was sent to Len Der (Lender)." in closed.text
    assert CHECK_THE_LINK not in closed.text
    # in an intranet's frame there is no link to speak of
    await Recipient.update({Recipient.embed_origin: "https://intranet.example.com"}).where(
        (Recipient.envelope == envelope["id"]) & (Recipient.role == "lender")
    )
    framed = await client.get(lender)
    assert framed.status_code == 410 and ESCAPED in framed.text
    assert "This link was sent to" not in framed.text and CHECK_THE_LINK not in framed.text

    # in the signer's language
    await client.post(f"{customer}/language", data={"language": "fr", "return": "/"})
    done = (await client.get(f"{customer}/done")).text
    assert "Ce document ne sera pas finalisé" in done and "Sa raison\u00a0:" in done


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_declined_document_says_who_declined_and_why(
    client: AsyncTestClient, org: Org
) -> None:
    envelope, customer, lender = await _signed_by_customer(client, org)
    await open_link(client, lender)
    form = await client.get(f"{lender}/decline")
    declined = await client.post(
        f"{lender}/decline", data={"_csrf_token": csrf_from(form.text), "reason": REASON}
    )
    assert declined.status_code == 303

    done = (await client.get(f"{customer}/done")).text
    assert _seal_state(done) == "never"
    assert "Len Der (Lender) declined it after you finished" in done and ESCAPED in done

    # the one who declined sees their own words, and a footer that fits a closed document
    own = (await client.get(lender)).text
    assert "Your reason:" in own and ESCAPED in own
    assert "You declined this document as Len Der (Lender)." in own
    assert "Signing for" not in own
    # Back to the decline form shows that page again, not "Declined by Len Der" (410)
    back = await client.get(f"{lender}/decline")
    assert back.status_code == 302 and back.headers["location"] == f"{lender}/"

    # someone who had not acted yet (a party in parallel) is told who declined, and why
    definition = _two_parties()
    definition["roles"][1]["stage"] = 1  # customer and lender in parallel
    template = await import_template(client, org, definition)
    parallel = await create_envelope(
        client,
        org,
        template["id"],
        recipients=[
            {"role": "customer", "name": "Alex Example", "email": "alex@example.com"},
            {"role": "lender", "name": "Len Der", "email": "len@example.com"},
        ],
    )
    customer, lender = (path_of(r["signing_url"]) for r in parallel["recipients"])
    await open_link(client, lender)
    form = await client.get(f"{lender}/decline")
    await client.post(
        f"{lender}/decline", data={"_csrf_token": csrf_from(form.text), "reason": REASON}
    )
    closed = await client.get(customer)
    assert closed.status_code == 410
    assert "Declined by Len Der (Lender) on " in closed.text and ESCAPED in closed.text
    assert "This link was sent to Alex Example (Customer)." in closed.text
    assert CHECK_THE_LINK not in closed.text


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_expired_document_says_when(client: AsyncTestClient, org: Org) -> None:
    envelope, customer, lender = await _signed_by_customer(client, org)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    # its expiry time has come; the `expire` job has not run yet: closed all the same
    await Envelope.update({Envelope.expires_at: past}).where(Envelope.id == envelope["id"])

    done = (await client.get(f"{customer}/done")).text
    assert _seal_state(done) == "never"
    assert "It expired before everyone had finished, so there will be no sealed PDF." in done
    assert "Their reason:" not in done

    closed = await client.get(lender)
    assert closed.status_code == 410 and "This document has expired" in closed.text
    assert "Expired on " in closed.text and CHECK_THE_LINK not in closed.text


async def test_a_seal_no_worker_takes_says_it_is_taking_longer(
    client: AsyncTestClient, org: Org
) -> None:
    """No worker running: the seal job stays queued, never attempted. The page says it is
    sealing (checks every 2 s), then after two minutes that it is taking longer than usual
    without speaking of a failed attempt, and checks every 30 s."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    page = (await client.get(f"{link}/done")).text
    assert _seal_state(page) == "sealing" and 'data-seal-poll-seconds="2"' in page

    key = seal_job_key(uuid.UUID(envelope["id"]))
    three_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
    await Job.update({Job.run_after: three_minutes_ago, Job.created_at: three_minutes_ago}).where(
        Job.dedupe_key == key
    )
    page = (await client.get(f"{link}/done")).text
    assert _seal_state(page) == "slow" and 'data-seal-poll-seconds="30"' in page
    assert '<meta http-equiv="refresh" content="30;' in page
    assert "Sealing is taking longer than usual" in page
    assert "The sealed PDF is not ready yet." in page
    assert "This takes a few seconds" not in page and "first attempt" not in page

    # no seal job at all (it is queued with the last signature; here it went missing):
    # counted from the signature
    await Job.delete().where(Job.dedupe_key == key)
    await Recipient.update({Recipient.completed_at: three_minutes_ago}).where(
        Recipient.envelope == envelope["id"]
    )
    assert _seal_state((await client.get(f"{link}/done")).text) == "slow"


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_seal_due_when_the_expiry_time_passes_is_not_called_off(
    client: AsyncTestClient, org: Org
) -> None:
    """Everyone finished just before the expiry time and the seal has not run yet: it is
    still coming, so the page does not say the document will not be completed."""
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"], expires_in_days=3)
    link = path_of(envelope["recipients"][0]["signing_url"])
    await fill_demo(client, link)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await Envelope.update({Envelope.expires_at: past}).where(Envelope.id == envelope["id"])
    assert _seal_state((await client.get(f"{link}/done")).text) == "sealing"
