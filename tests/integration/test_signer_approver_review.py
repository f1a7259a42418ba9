"""An approver's check page lists other people's steps, worded for them ("Your signature"):
each step's title says whose step it is."""

import re

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, csrf_from, import_template, open_link, path_of
from tests.integration.helpers import APPROVED, TYPED

DRAWN = (  # a 1×1 PNG, as the signature pad posts it
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)


async def test_an_approver_sees_whose_step_each_answer_is(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, APPROVED)
    people = {"customer": "cara", "guarantor": "gil", "manager": "max"}
    created = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": role, "name": name.title(), "email": f"{name}@example.com"}
                for role, name in people.items()
            ],
        },
    )
    assert created.status_code == 201, created.text
    links = {r["role"]: path_of(r["signing_url"]) for r in created.json()["recipients"]}
    for role, fields in (("customer", TYPED["customer"]), ("guarantor", {"g_sig": DRAWN})):
        page = await open_link(client, links[role])
        token = csrf_from(page.text)
        saved = await client.post(f"{links[role]}/step/1", data={"_csrf_token": token, **fields})
        assert saved.status_code == 303, saved.text
        # a signer's own check page is theirs: no role after the titles
        mine = await client.get(f"{links[role]}/review")
        assert mine.status_code == 200 and "summary-heading__role" not in mine.text
        assert "with your answers" in mine.text and "</span> Check your answers</p>" in mine.text
        done = await client.post(f"{links[role]}/finish", data={"_csrf_token": token})
        assert done.status_code == 303, done.text

    review = await open_link(client, links["manager"])
    assert "Check the answers before approving" in review.text
    headings = [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r'<h2 class="summary-heading">(.*?)</h2>', review.text, re.S)
    ]
    assert headings == ["Your details (Customer)", "Guarantor"]
    # worded for someone checking others' answers: the caption agrees with the heading
    assert (
        "</span> Check the answers</p>" in review.text and "Check your answers" not in review.text
    )
    assert "Read the document with the answers" in review.text and "your answers" not in review.text
    assert 'alt="Drawn signature of Guarantor"' in review.text, review.text


HIDDEN = {
    "name": "Loan with a company step",
    "roles": [
        {"key": "customer", "name": "Customer", "stage": 1},
        {"key": "manager", "name": "Manager", "kind": "approver", "stage": 2},
    ],
    "sections": [
        {
            "key": "details",
            "title": "Your details",
            "role": "customer",
            "fields": [
                {"key": "name", "component": "text", "label": "Your full name"},
                {"key": "is_company", "component": "checkbox", "label": "As a company"},
                {
                    "key": "siren",
                    "component": "text",
                    "label": "SIREN number",
                    "visible_if": {"var": "is_company"},
                },
                {"key": "c_sig", "component": "signature", "label": "Your signature"},
            ],
        },
        {
            "key": "company",
            "title": "Your company",
            "role": "customer",
            "visible_if": {"var": "is_company"},
            "fields": [{"key": "company_name", "component": "text", "label": "Company name"}],
        },
    ],
}


async def test_an_approver_is_not_shown_questions_the_signer_was_never_asked(
    client: AsyncTestClient, org: Org
) -> None:
    """A question or step a rule hid from the signer is not on the approver's page as
    "Not provided" (as the designer's preview of the approver shows it, and as the sealed
    PDF leaves it out): the signer was never asked it."""
    template = await import_template(client, org, HIDDEN)
    created = await client.post(
        "/api/v1/envelopes",
        headers=org.auth,
        json={
            "template_id": template["id"],
            "recipients": [
                {"role": "customer", "name": "Cara", "email": "cara@example.com"},
                {"role": "manager", "name": "Max", "email": "max@example.com"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    links = {r["role"]: path_of(r["signing_url"]) for r in created.json()["recipients"]}
    page = await open_link(client, links["customer"])
    token = csrf_from(page.text)
    saved = await client.post(
        f"{links['customer']}/step/1", data={"_csrf_token": token, **TYPED["customer"]}
    )
    assert saved.status_code == 303, saved.text
    done = await client.post(f"{links['customer']}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text

    review = await open_link(client, links["manager"])
    assert "Check the answers before approving" in review.text
    assert "Cara Customer" in review.text and "As a company" in review.text
    assert "SIREN number" not in review.text
    assert "Your company" not in review.text and "Company name" not in review.text
