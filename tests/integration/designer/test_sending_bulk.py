"""Bulk send through the designer: upload, check the mapping and row errors, confirm, progress."""

import re
import time
import uuid

from litestar.testing import AsyncTestClient

from runtime.jobs.worker import Worker
from runtime.settings import Settings
from runtime.tables import BulkSend, Envelope, Job
from tests.integration.designer.bulk_helpers import SENDER_FIELDS, _template, _upload, rows_csv
from tests.integration.designer.conftest import HX, Author, make_author, sign_in


async def _send_and_read_prefill(
    client: AsyncTestClient, settings: Settings, bulk_id: str, token: str
) -> dict:
    """Confirm the bulk send, let a worker send it, and give the first row's prefill."""
    await client.post(f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token})
    await Worker(settings, kinds=("bulk_send",)).run_until_idle()
    row = (
        await Envelope.select(Envelope.prefill)
        .where(Envelope.bulk_key == f"{bulk_id}:0")
        .output(load_json=True)
        .first()
    )
    return row["prefill"]


async def test_thousand_rows_are_checked_and_queued_quickly(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """The screen's requests only read, check and queue: 1,000 rows never time out.

    Creating the envelopes is the job's work, timed by tests/integration/test_bulk_send.py
    and tests/perf/bench_bulk.py; this test removes its own job rather than run it."""
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    began = time.monotonic()
    uploaded = await _upload(client, token, template_id, rows_csv(1000, bad_row=4))
    assert uploaded.status_code == 303, uploaded.text
    check = await client.get(uploaded.headers["location"])
    assert check.status_code == 200 and "999" in check.text and "ready to send" in check.text
    bulk_id = uploaded.headers["location"].rsplit("/", 1)[1]
    confirmed = await client.post(
        f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token}
    )
    assert confirmed.status_code == 303
    assert time.monotonic() - began < 20
    running = await client.get(f"/designer/bulk-sends/{bulk_id}")
    assert "Creating envelopes" in running.text and 'hx-trigger="every 1500ms"' in running.text
    assert 'data-count="queued">999<' in running.text and 'data-count="failed">1<' in running.text
    await Job.delete().where(Job.dedupe_key == f"bulk:{bulk_id}:0")


async def test_upload_check_confirm_progress(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    send_page = await client.get(f"/designer/envelopes/new?template_id={template_id}")
    assert f"/designer/bulk-sends/new?template_id={template_id}" in send_page.text
    form = await client.get(f"/designer/bulk-sends/new?template_id={template_id}")
    assert form.status_code == 200 and "Customer email" in form.text

    count = 12
    uploaded = await _upload(
        client, token, template_id, rows_csv(count, bad_row=4), message="Welcome aboard"
    )
    assert uploaded.status_code == 303, uploaded.text
    location = uploaded.headers["location"]
    check = await client.get(location)
    assert check.status_code == 200
    text = check.text
    assert "Nothing has been sent yet" in text and "ready to send" in text
    # the row error is shown with its spreadsheet row number (header = row 1) and column
    assert re.search(r"<td>6</td><td>Customer email</td><td>[^<]+</td>", text), text
    assert '<option value="Customer email" selected>' in text
    assert "Not used: <code>Internal id</code>" in text
    assert 'Customer: Person 0 <span class="hint">&lt;person0@example.com&gt;' in text
    assert f"Send {count - 1} envelopes" in text and "The 1 row with errors will be skipped" in text
    assert re.search(r'bulk-summary__number">1</span> with errors', text)  # a row, not 2 errors
    assert await Envelope.count().where(Envelope.organisation == author.organisation_id) == 0

    bulk_id = location.rsplit("/", 1)[1]
    confirmed = await client.post(
        f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token}
    )
    assert confirmed.status_code == 303
    running = await client.get(f"/designer/bulk-sends/{bulk_id}")
    assert "Creating envelopes" in running.text and 'hx-trigger="every 1500ms"' in running.text

    await Worker(settings, kinds=("bulk_send",)).run_until_idle()
    progress = await client.get(f"/designer/bulk-sends/{bulk_id}/progress", headers=HX)
    assert progress.status_code == 200
    assert "Done." in progress.text and "hx-trigger" not in progress.text  # polling stops
    assert f'data-count="created">{count - 1}<' in progress.text
    assert 'data-count="failed">1<' in progress.text and 'data-count="queued">0<' in progress.text
    assert re.search(r"<td>6</td><td>Customer email</td>", progress.text)
    assert (
        await Envelope.count().where(Envelope.organisation == author.organisation_id) == count - 1
    )
    one = (
        await Envelope.select(Envelope.message, Envelope.sender_email, Envelope.prefill)
        .where(Envelope.bulk_key == f"{bulk_id}:0")
        .output(load_json=True)
        .first()
    )
    assert one["message"] == "Welcome aboard" and one["sender_email"] == author.email
    assert one["prefill"]["company"] == "Firm 0"

    again = await client.post(
        f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token}
    )
    assert again.status_code == 303  # a second press changes nothing
    assert (
        await Envelope.count().where(Envelope.organisation == author.organisation_id) == count - 1
    )


async def test_mapping_can_be_chosen_and_missing_columns_block_sending(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    data = b"Who,Mail,Start\nAnn,ann@example.com,2027-03-01\n"
    uploaded = await _upload(client, token, template_id, data)
    location = uploaded.headers["location"]
    check = await client.get(location)
    assert "Choose the column with each Customer" in check.text and "Send " not in check.text
    bulk_id = location.rsplit("/", 1)[1]
    refused = await client.post(
        f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": token}
    )
    assert refused.status_code == 422 and "Choose a column for: customer.name" in refused.text

    wrong = await client.post(
        f"/designer/bulk-sends/{bulk_id}/mapping",
        data={"_csrf_token": token, "map.customer.name": "Nope"},
    )
    assert wrong.status_code == 422 and "no column named" in wrong.text
    chosen = await client.post(
        f"/designer/bulk-sends/{bulk_id}/mapping",
        data={
            "_csrf_token": token,
            "map.customer.name": "Who",
            "map.customer.email": "Mail",
            "map.prefill.start_date": "Start",
        },
    )
    assert chosen.status_code == 303
    check = await client.get(f"/designer/bulk-sends/{bulk_id}")
    assert "Send 1 envelope<" in check.text and "Service start date: 2027-03-01" in check.text
    assert await _send_and_read_prefill(client, settings, bulk_id, token) == {
        "start_date": "2027-03-01"
    }


async def test_only_fields_the_sender_may_fill_in_are_offered(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """The consent tick box and the signature are the signer's: no column fills them in, not
    even when chosen by hand; a text field the template lets the sender fill in still is."""
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    consent = "I have read and accept the terms of this service agreement"
    data = (
        f"Customer name,Customer email,Company name (optional),{consent},Your signature\n"
        "Ann,ann@example.com,Firm A,yes,Ann Signed\n"
    ).encode()
    form = await client.get(f"/designer/bulk-sends/new?template_id={template_id}")
    assert "<code>Company name (optional)</code>" in form.text
    assert f"<code>{consent}</code>" not in form.text
    assert "<code>Your signature</code>" not in form.text

    uploaded = await _upload(client, token, template_id, data)
    location = uploaded.headers["location"]
    check = await client.get(location)
    offered = set(re.findall(r'name="map\.prefill\.(\w+)"', check.text))
    assert offered == set(SENDER_FIELDS)
    assert '<option value="Company name (optional)" selected>' in check.text
    not_used = re.search(r"Not used: (.*)</p>", check.text)
    assert not_used and f"<code>{consent}</code>" in not_used.group(1)
    assert "<code>Your signature</code>" in not_used.group(1)
    assert "Company name (optional): Firm A" in check.text and "Your signature:" not in check.text

    bulk_id = location.rsplit("/", 1)[1]
    forced = await client.post(
        f"/designer/bulk-sends/{bulk_id}/mapping",
        data={
            "_csrf_token": token,
            "map.customer.name": "Customer name",
            "map.customer.email": "Customer email",
            "map.prefill.company": "Company name (optional)",
            "map.prefill.accept_terms": consent,
            "map.prefill.signature": "Your signature",
        },
    )
    assert forced.status_code == 303
    assert await _send_and_read_prefill(client, settings, bulk_id, token) == {"company": "Firm A"}


async def test_bad_files_and_other_organisations(client: AsyncTestClient, author: Author) -> None:
    token = await sign_in(client, author)
    template_id = await _template(client, author)
    empty = await _upload(client, token, template_id, b"")
    assert empty.status_code == 422 and "The file is empty." in empty.text
    latin1 = await _upload(
        client, token, template_id, "name,email\nJosé,j@x.com\n".encode("latin-1")
    )
    assert latin1.status_code == 422 and "UTF-8" in latin1.text
    expiry = await _upload(client, token, template_id, rows_csv(1), expires_in_days="zero")
    assert expiry.status_code == 422 and "whole number of days" in expiry.text
    assert await BulkSend.count().where(BulkSend.organisation == author.organisation_id) == 0

    uploaded = await _upload(client, token, template_id, rows_csv(2))
    bulk_id = uploaded.headers["location"].rsplit("/", 1)[1]
    intruder = await make_author()
    await client.post("/designer/logout", data={"_csrf_token": token})
    other = await sign_in(client, intruder)
    assert (await client.get(f"/designer/bulk-sends/{bulk_id}")).status_code == 404
    assert (
        await client.post(f"/designer/bulk-sends/{bulk_id}/confirm", data={"_csrf_token": other})
    ).status_code == 404
    assert (
        await client.get(f"/designer/bulk-sends/new?template_id={template_id}")
    ).status_code == 404
    assert (await client.get(f"/designer/bulk-sends/{uuid.uuid4()}/progress")).status_code == 404
