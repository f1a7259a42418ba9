"""Amounts, numbers and phone numbers read the signer's language's way on Check your
answers, in the box when they come back to a step (and are accepted again as shown), in
a minimum's error message and in the sealed PDF; the stored answers stay canonical for the
API, the CSV export and answers.json."""

import csv
import html
import io
import json
import re
import uuid
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from runtime.settings import Settings
from runtime.tables import Recipient
from tests.integration.conftest import (
    SIGN_STEP,
    Org,
    create_envelope,
    import_template,
    open_link,
    path_of,
    run_jobs,
)

FORM: dict[str, Any] = {
    "name": "Loan",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "loan",
            "title": "Your loan",
            "role": "customer",
            "fields": [
                {
                    "key": "amount",
                    "component": "money",
                    "label": "Amount",
                    "validation": {"currency": "GBP", "min": 100},
                },
                {"key": "months", "component": "number", "label": "Months"},
                {"key": "phone", "component": "phone", "label": "Phone"},
            ],
        },
        SIGN_STEP,
    ],
    "document": [
        {"kind": "paragraph", "html": "<p>The customer borrows {{ amount }}.</p>"},
        {"kind": "fields"},
    ],
}
ANSWERS = {"amount": "42000", "months": "1234.5", "phone": "+33612345678"}
STORED = {"amount": {"amount": "42000.00", "currency": "GBP"}, "months": 1234.5}
# (Check your answers, the amount's box, the number's box, the minimum in the error)
SHOWN = {
    "en": ("£42,000.00", "42,000.00", "1,234.5", "must be £100.00 or more"),
    "fr": ("42\u202f000,00\u00a0£GB", "42\u202f000,00", "1\u202f234,5", "au moins 100,00\u00a0£GB"),
    "vi": ("42.000,00\u00a0£", "42.000,00", "1.234,5", "lớn hơn hoặc bằng 100,00\u00a0£"),
    "ms": ("£42,000.00", "42,000.00", "1,234.5", "£100.00"),
    "zh-CN": ("£42,000.00", "42,000.00", "1,234.5", "£100.00"),
}


async def _sent(client: AsyncTestClient, org: Org, language: str = "en") -> tuple[dict, str]:
    template = await import_template(client, org, {**FORM, "language": language})
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    return envelope, link


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
@pytest.mark.parametrize("language", list(SHOWN))
async def test_amounts_read_the_signers_way_and_come_back_as_shown(
    client: AsyncTestClient, org: Org, language: str
) -> None:
    review_text, amount_box, months_box, minimum = SHOWN[language]
    _, link = await _sent(client, org)
    await client.post(f"{link}/language", data={"language": language, "return": "/"})
    too_little = await client.post(f"{link}/step/1", data={**ANSWERS, "amount": "50"})
    assert minimum in too_little.text
    assert (await client.post(f"{link}/step/1", data=ANSWERS)).status_code == 303
    await client.post(f"{link}/step/2", data={"signature__typed": "Alex Example"})
    review = (await client.get(f"{link}/review")).text
    assert review_text in review and months_box in review
    assert "+33 6 12 34 56 78" in review

    step = (await client.get(f"{link}/step/1")).text
    assert f'value="{amount_box}"' in step and f'value="{months_box}"' in step
    # Continue with the boxes as shown: read back as the same answers
    again = await client.post(
        f"{link}/step/1", data={**ANSWERS, "amount": amount_box, "months": months_box}
    )
    assert again.status_code == 303, again.text
    assert review_text in (await client.get(f"{link}/review")).text


async def test_the_sealed_pdf_writes_amounts_the_documents_way_and_stores_them_canonical(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    envelope, link = await _sent(client, org, "fr")
    assert (await client.post(f"{link}/step/1", data=ANSWERS)).status_code == 303
    await client.post(f"{link}/step/2", data={"signature__typed": "Alex Example"})
    assert (await client.post(f"{link}/finish")).status_code == 303
    await run_jobs(settings)
    pdf = await client.get(f"/api/v1/envelopes/{envelope['id']}/sealed.pdf", headers=org.auth)
    assert pdf.status_code == 200, pdf.text
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "The customer borrows 42 000,00 £GB." in text  # the merge field
    assert "Amount 42 000,00 £GB" in text and "Months 1 234,5" in text  # the answers
    assert "Phone +33 6 12 34 56 78" in text

    assert json.loads(reader.attachments["answers.json"][0])["amount"] == STORED["amount"]
    api = (await client.get(f"/api/v1/envelopes/{envelope['id']}", headers=org.auth)).json()
    assert {k: api["answers"][k] for k in STORED} == STORED
    assert api["answers"]["phone"] == "+33612345678"
    exported = await client.get(
        "/api/v1/envelopes/export.csv",
        params={"template_id": envelope["template_id"]},
        headers=org.auth,
    )
    row = next(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert (row["amount"], row["months"], row["phone"]) == (
        "GBP 42,000.00",
        "1234.5",
        "'+33612345678",  # a leading + is neutralised against spreadsheet formulas
    )


async def _answers(envelope: dict) -> dict[str, Any]:
    """The signer's stored answers (the API shows them once the envelope is completed)."""
    row = await (
        Recipient.select(Recipient.answers)
        .where(Recipient.envelope == uuid.UUID(envelope["id"]))
        .output(load_json=True)
        .first()
    )
    assert row is not None
    return row["answers"]


def _box(page: str, key: str) -> str:
    """The value the step's box for `key` shows."""
    found = re.search(rf'id="input-{key}"[^>]*?value="([^"]*)"', page, re.S)
    assert found, f"no box for {key}"
    return html.unescape(found[1])


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_draft_typed_one_languages_way_is_accepted_after_switching_language(
    client: AsyncTestClient, org: Org
) -> None:
    envelope, link = await _sent(client, org)
    await client.post(f"{link}/language", data={"language": "vi", "return": "/"})
    typed = {"amount": "42.000,00", "months": "1.234,5", "phone": "06 12 34 56 78"}
    saved = await client.post(f"{link}/step/1/draft", data=typed, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    await client.post(f"{link}/language", data={"language": "en", "return": "/"})
    step = (await client.get(f"{link}/step/1")).text
    # written the English way now, meaning the same; the phone exactly as typed
    shown = {k: _box(step, k) for k in typed}
    assert shown == {"amount": "42,000.00", "months": "1,234.5", "phone": "06 12 34 56 78"}
    # Continue with the boxes as shown: accepted as what was typed in Vietnamese
    done = await client.post(f"{link}/step/1", data={**shown, "phone": "+33612345678"})
    assert done.status_code == 303, done.text
    assert {k: (await _answers(envelope))[k] for k in STORED} == STORED


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_stored_phone_comes_back_grouped_and_is_accepted_as_shown(
    client: AsyncTestClient, org: Org
) -> None:
    envelope, link = await _sent(client, org, "fr")
    assert (await client.post(f"{link}/step/1", data=ANSWERS)).status_code == 303
    step = (await client.get(f"{link}/step/1")).text
    assert _box(step, "phone") == "+33 6 12 34 56 78"  # as the sealed PDF writes it
    again = await client.post(f"{link}/step/1", data={**ANSWERS, "phone": _box(step, "phone")})
    assert again.status_code == 303, again.text
    assert (await _answers(envelope))["phone"] == "+33612345678"


ROWS: dict[str, Any] = {
    "name": "Costs",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "costs",
            "title": "Costs",
            "role": "customer",
            "fields": [
                {
                    "key": "costs",
                    "component": "group",
                    "label": "Costs",
                    "fields": [
                        {"key": "what", "component": "text", "label": "What"},
                        {
                            "key": "cost",
                            "component": "money",
                            "label": "Cost",
                            "validation": {"currency": "EUR"},
                        },
                    ],
                }
            ],
        },
        SIGN_STEP,
    ],
}


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_an_amount_in_a_row_typed_the_french_way_is_accepted_in_english(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, ROWS)
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    await client.post(f"{link}/language", data={"language": "fr", "return": "/"})
    row = {"costs__0__what": "Roof", "costs__0__cost": "1\u202f234,50"}
    await client.post(f"{link}/step/1/draft", data=row, headers={"HX-Request": "true"})
    await client.post(f"{link}/language", data={"language": "en", "return": "/"})
    step = (await client.get(f"{link}/step/1")).text
    assert _box(step, "costs__0__cost") == "1,234.50"
    done = await client.post(f"{link}/step/1", data={**row, "costs__0__cost": "1,234.50"})
    assert done.status_code == 303, done.text
    costs = (await _answers(envelope))["costs"]
    assert costs == [{"what": "Roof", "cost": {"amount": "1234.50", "currency": "EUR"}}]


CONTACTS: dict[str, Any] = {
    "name": "Contacts",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "contacts",
            "title": "Contacts",
            "role": "customer",
            "fields": [
                {
                    "key": "people",
                    "component": "group",
                    "label": "People",
                    "fields": [
                        {"key": "name", "component": "text", "label": "Name"},
                        {"key": "phone", "component": "phone", "label": "Phone"},
                    ],
                }
            ],
        },
        SIGN_STEP,
    ],
}


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_a_stored_phone_in_a_row_comes_back_grouped_and_is_accepted_as_shown(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org, CONTACTS)
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    row = {"people__0__name": "Ann", "people__0__phone": "+33612345678"}
    assert (await client.post(f"{link}/step/1", data=row)).status_code == 303
    step = (await client.get(f"{link}/step/1")).text
    assert _box(step, "people__0__phone") == "+33 6 12 34 56 78"
    shown = {**row, "people__0__phone": _box(step, "people__0__phone")}
    assert (await client.post(f"{link}/step/1", data=shown)).status_code == 303
    stored = (await _answers(envelope))["people"]
    assert stored == [{"name": "Ann", "phone": "+33612345678"}]


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_continue_from_a_page_in_the_old_language_reads_it_that_way(
    client: AsyncTestClient, org: Org
) -> None:
    """The step open in Vietnamese, the language changed to English in another tab (or
    the page's last autosave arrives after the change): what the Vietnamese page sends is
    read the Vietnamese way, as it was typed, not refused as a bad English number."""
    envelope, link = await _sent(client, org)
    await client.post(f"{link}/language", data={"language": "vi", "return": "/"})
    page = (await client.get(f"{link}/step/1")).text
    assert '<input type="hidden" name="__language" value="vi">' in page
    await client.post(f"{link}/language", data={"language": "en", "return": "/"})

    typed = {"__language": "vi", "amount": "42.000,00", "months": "1.234,5"}
    late = await client.post(f"{link}/step/1/draft", data=typed, headers={"HX-Request": "true"})
    assert late.status_code == 200
    step = (await client.get(f"{link}/step/1")).text
    assert (_box(step, "amount"), _box(step, "months")) == ("42,000.00", "1,234.5")

    refused = await client.post(f"{link}/step/1", data={**typed, "amount": "12"})
    assert refused.status_code == 422  # below the minimum: the page comes back in English
    assert _box(refused.text, "months") == "1,234.5"  # written the English way, same number
    assert '<input type="hidden" name="__language" value="en">' in refused.text

    done = await client.post(f"{link}/step/1", data=typed)
    assert done.status_code == 303, done.text
    assert {k: (await _answers(envelope))[k] for k in STORED} == STORED
