"""The archive as a sender uses it: empty states, and each envelope's audit trail (and
sealed PDF, once sealed) downloaded from its row."""

import csv
import io

from litestar.testing import AsyncTestClient

from runtime import audit
from runtime.accounts.service import create_api_key
from runtime.settings import Settings
from tests.integration.conftest import (
    Org,
    create_envelope,
    import_template,
    open_link,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import Author, sign_in


async def test_archive_empty_states_and_the_audit_trail_from_a_row(
    client: AsyncTestClient, author: Author
) -> None:
    await sign_in(client, author)
    empty = (await client.get("/designer/archive")).text
    assert "No envelopes yet" in empty and 'href="/designer/envelopes">Send a template' in empty
    assert "Download the 0 matches" not in empty and "export.csv" not in empty

    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await open_link(client, path_of(envelope["recipients"][0]["signing_url"]))  # + consent
    eid = envelope["id"]
    nothing = (await client.get("/designer/archive?q=zzzz")).text
    assert "Nothing matches" in nothing and "export.csv" not in nothing

    row = (await client.get(f"/designer/archive?q={eid[:8]}")).text
    assert f'href="/designer/envelopes/{eid}/audit.csv">Audit trail' in row
    assert "sealed.pdf" not in row  # not sealed yet: no link that would answer 409
    assert f"version 1 · {eid[:8]}" in row  # the reference to search for later

    trail = await client.get(f"/designer/envelopes/{eid}/audit.csv")
    assert trail.status_code == 200 and trail.headers["content-type"].startswith("text/csv")
    # named like the sealed PDF it belongs to, RFC 5987 for the dash (runtime/file_names.py)
    disposition = trail.headers["content-disposition"]
    assert f'filename="Service agreement - {eid[:8]} - audit trail.csv"' in disposition
    assert (
        f"filename*=UTF-8''Service%20agreement%20%E2%80%93%20{eid[:8]}%20%E2%80%93%20audit"
        in disposition
    )
    rows = list(csv.reader(io.StringIO(trail.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["When (UTC)", "Event", "Who", "Details"]
    events = [r[1] for r in rows[1:]]
    assert events[:2] == ["Envelope created", "Sent"] and "Opened the link" in events
    agreed = next(r for r in rows if r[1] == "Agreed to sign electronically")
    assert agreed[2] == "Alex Example <alex@example.com> (Customer)"
    assert agreed[4] == "recipient.consent_given" and len(agreed[6]) == 64  # action, hash
    page = (await client.get(f"/designer/envelopes/{eid}")).text
    assert "Download the audit trail (CSV)" in page


async def test_a_mail_written_to_the_outbox_is_not_called_sent(
    client: AsyncTestClient, author: Author, settings: Settings
) -> None:
    """No SMTP server (the test settings have none): the invitation is written to
    var/outbox/; the envelope's trail (its page and its CSV) and the organisation's said
    'Mail sent' / 'Emailed …', as if the signer had it. An audit trail is evidence."""
    await sign_in(client, author)
    org = Org(author.organisation_id, await create_api_key(author.organisation_id, "t"))
    template = await import_template(client, org)
    envelope = await create_envelope(client, org, template["id"])
    await run_jobs(settings)
    trail = await client.get(f"/designer/envelopes/{envelope['id']}/audit.csv")
    rows = list(csv.reader(io.StringIO(trail.content.decode("utf-8-sig"))))
    [mail] = [r for r in rows if r[4] == "mail.sent"]
    assert mail[3] == (
        "invitation to alex@example.com; not sent: written to the server's outbox, as no "
        "SMTP server was set up"
    )
    page = (await client.get(f"/designer/envelopes/{envelope['id']}")).text
    assert "invitation to alex@example.com; not sent: written to the server" in page
    await audit.record(
        author.organisation_id,
        "mail.sent",
        data={"mail": "designer_invitation", "to": "kim@example.com", "via": "outbox"},
    )
    words = (await client.get("/designer/settings/audit")).text
    assert "Wrote an invitation to choose a password for kim@example.com to the server" in words
    assert "Emailed kim@example.com" not in words
