"""A prefilled field the signer may change and empties stays empty: the sender's value
does not come back on the review, in the envelope's answers or in the sealed document."""

from litestar.testing import AsyncTestClient

from runtime.tables import Envelope
from tests.integration.conftest import (
    Org,
    create_envelope,
    csrf_from,
    demo_definition,
    import_template,
    open_link,
    path_of,
)


async def test_an_emptied_prefilled_field_stays_empty(client: AsyncTestClient, org: Org) -> None:
    definition = demo_definition()
    for section in definition["sections"]:
        for field in section["fields"]:
            if field["key"] == "company":  # optional, and not locked
                field["prefill"] = {"source": "api"}
    template = await import_template(client, org, definition)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        prefill={"email": "alex@example.com", "company": "Sender Guess Ltd"},
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    page = await open_link(client, link)
    token = csrf_from(page.text)
    step1 = await client.get(f"{link}/step/1")
    assert 'value="Sender Guess Ltd"' in step1.text  # the sender's value to start with

    posted = await client.post(
        f"{link}/step/1",
        data={
            "_csrf_token": token,
            "full_name": "Alex Example",
            "email": "alex@example.com",
            "company": "",  # the signer signs as a private person
            "start_date": "2027-03-01",
        },
    )
    assert posted.status_code == 303, posted.text
    again = await client.get(f"{link}/step/1")
    assert "Sender Guess Ltd" not in again.text
    await client.post(
        f"{link}/step/2",
        data={"_csrf_token": token, "accept_terms": "yes", "signature__typed": "Alex Example"},
    )
    review = await client.get(f"{link}/review")
    assert review.status_code == 200 and "Sender Guess Ltd" not in review.text
    done = await client.post(f"{link}/finish", data={"_csrf_token": token})
    assert done.status_code == 303, done.text
    stored = await Envelope.select(Envelope.answers).where(Envelope.id == envelope["id"]).first()
    assert "Sender Guess Ltd" not in str(stored["answers"])
