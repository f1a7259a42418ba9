"""Preview as each party: questions appear as the author answers (as in signing), and a
later party's steps, rules and an approver's page read the answers given before them."""

import json
import re

from litestar.testing import AsyncTestClient

from runtime.tables import Organisation
from tests.integration.conftest import csrf_from
from tests.integration.designer.conftest import Author
from tests.integration.designer.helpers import LOAN, answers_in, seeded


async def test_a_question_appears_as_the_author_answers(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, LOAN)
    start = await client.get(f"{base}/preview")
    # as the signer's first view: "Company name" waits for "Company" (it was always shown)
    assert "Applicant type" in start.text and "Company name" not in start.text
    form = {"_csrf_token": csrf_from(start.text), "role": "customer", "step": "1"}
    typed = await client.post(
        f"{base}/preview/fields", data={**form, "answers": "{}", "applicant_type": "company"}
    )
    assert typed.status_code == 200
    assert 'id="slot-company_name"' in typed.text and "Company name" in typed.text
    assert 'id="step-caption"' in typed.text and "Step 1 of 2" in typed.text


async def test_later_parties_read_the_answers_given_before_them(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, LOAN)
    token = csrf_from((await client.get(f"{base}/preview")).text)
    answered = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "customer",
            "step": "1",
            "answers": "{}",
            "applicant_type": "company",
            "company_name": "Acme Ltd",
            "needs_guarantor": "yes",
        },
    )
    assert "Check your answers" in answered.text, answered.text[-2000:]
    answers = answers_in(answered.text)

    # "Preview as Guarantor" carries the customer's answers: the step their rule asks for
    # is there (before, the guarantor started from nothing and had "no questions")
    guarantor = await client.post(
        f"{base}/preview",
        data={"_csrf_token": token, "role": "customer", "to": "guarantor", "answers": answers},
    )
    assert "Guarantee for a company" in guarantor.text
    assert "Guarantor takes part only when “A guarantor signs” is ticked" in guarantor.text
    assert "they would be asked" in guarantor.text
    signed = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "guarantor",
            "step": "1",
            "answers": answers_in(guarantor.text),
            "guarantor_name": "Gus Guarantor",
        },
    )
    kept = json.loads(answers_in(signed.text))  # the customer's answers are not dropped
    assert kept["company_name"] == "Acme Ltd" and kept["guarantor_name"] == "Gus Guarantor"

    # the approver reads every signer's answers, as on their real page
    manager = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "guarantor",
            "to": "manager",
            "answers": json.dumps(kept),
        },
    )
    assert "Check the answers before approving" in manager.text
    assert "Acme Ltd" in manager.text and "Gus Guarantor" in manager.text
    # each step says whose it is, as the approver's real page does ("Your name" is the
    # guarantor's, not the manager's)
    headings = re.findall(r'<h2 class="summary-heading">(.*?)</h2>', manager.text)
    assert [re.sub(r"<[^>]+>", "", h) for h in headings] == [
        "About you (Customer)",
        "Guarantee for a company (Guarantor)",
    ]

    # with no guarantor asked for, the preview says the guarantor would be skipped
    alone = {**kept, "needs_guarantor": False}
    skipped = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "manager",
            "to": "guarantor",
            "answers": json.dumps(alone),
        },
    )
    assert "they would not be asked" in skipped.text


async def test_peeking_at_another_party_keeps_what_is_typed_on_the_step(
    client: AsyncTestClient, signed_in: str
) -> None:
    """An author types on a step, does not Continue, looks at another party and comes back:
    what was typed is still there (it was dropped), and the other party's rules read it."""
    base = await seeded(client, signed_in, LOAN)
    start = await client.get(f"{base}/preview")
    # on a step, "Preview as" submits the step's form, so what is typed goes along
    assert 'id="preview-step"' in start.text
    assert 'name="to" value="guarantor" form="preview-step"' in start.text
    token = csrf_from(start.text)
    step = {"_csrf_token": token, "role": "customer", "step": "1", "answers": "{}"}
    typed = {"applicant_type": "company", "company_name": "Acme Ltd", "needs_guarantor": "yes"}
    guarantor = await client.post(f"{base}/preview", data={**step, **typed, "to": "guarantor"})
    assert guarantor.status_code == 200
    assert "Guarantee for a company" in guarantor.text  # its rule read "Company", not Continued
    assert "they would be asked" in guarantor.text
    back = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": token,
            "role": "guarantor",
            "step": "1",
            "answers": answers_in(guarantor.text),
            "guarantor_name": "Gus",
            "to": "customer",
        },
    )
    assert "About you" in back.text and "Step 1 of" in back.text
    assert 'name="company_name"' in back.text and 'value="Acme Ltd"' in back.text
    assert re.search(r'value="company"[^>]*checked', back.text)
    kept = json.loads(answers_in(back.text))
    assert kept["guarantor_name"] == "Gus" and kept["needs_guarantor"] is True

    # a question emptied before peeking stays emptied, as the page showed it
    again = await client.post(
        f"{base}/preview",
        data={
            **step,
            "answers": json.dumps({**kept, "applicant_type": "person"}),
            "applicant_type": "company",
            "company_name": "",
            "to": "manager",
        },
    )
    after = json.loads(answers_in(again.text))
    assert after["applicant_type"] == "company" and after["company_name"] is None
    assert after["needs_guarantor"] is None  # the box was not ticked on the page


async def test_the_preview_wears_the_organisation_brand(
    client: AsyncTestClient, signed_in: str, author: Author
) -> None:
    """As the signer's page does: the legal name in the header, the brand's colour and font
    on the preview's page only (the designer around it keeps its own)."""
    await Organisation.update(
        {
            Organisation.legal_name: "Northwind Lending Ltd",
            Organisation.brand_colour: "#7a1f5c",
            Organisation.brand_font: "serif",
        }
    ).where(Organisation.id == author.organisation_id)
    base = await seeded(client, signed_in, LOAN)
    page = await client.get(f"{base}/preview")
    bar = page.text.split('class="signer-frame__bar"', 1)[1].split("</div>", 1)[0]
    assert "Northwind Lending Ltd" in bar
    assert f'href="{base}/preview/brand.css"' in page.text
    css = await client.get(f"{base}/preview/brand.css")
    assert css.text.startswith(".signer-frame{") and "--brand-colour:#7a1f5c" in css.text
    assert "--fs-primary:var(--brand-colour)" in css.text and ":root" not in css.text
