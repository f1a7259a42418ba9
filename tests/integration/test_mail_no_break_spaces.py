"""French mail subjects keep their no-break spaces: "vous demande de signer : …" has one
before the colon (U+00A0), as the catalog writes it, and so may a document's name ("Bail
n° 12"). Subjects were put on one line with str.split(), which takes a no-break space for
white space and made it a plain one: a mail client could then break the line before the
colon. RFC 2047 encodes U+00A0 and U+202F like any other character. Received by the test
SMTP server; SQLite and PostgreSQL."""

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    demo_definition,
    import_template,
    run_jobs,
)

NBSP, NNBSP = "\u00a0", "\u202f"


async def test_a_french_subject_keeps_its_no_break_spaces(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    # long enough for the Subject header to be folded over several lines
    name = f"Bail n°{NBSP}12{NNBSP}! Appartement du deuxième étage, rue des Lilas, Lyon"
    template = await import_template(mail_client, org, {**demo_definition(), "name": name})
    await create_envelope(
        mail_client,
        org,
        template["id"],
        recipients=[
            {
                "role": "customer",
                "name": "Zoé\nMartin",
                "email": "zoe@example.com",
                "language": "fr",
            }
        ],
    )
    await run_jobs(mail_settings)
    [invitation] = mailbox.to("zoe@example.com")
    subject = str(invitation["Subject"])
    assert subject.endswith(f" vous demande de signer{NBSP}: {name}"), repr(subject)
    assert "\n" not in subject
    assert invitation["To"].addresses[0].display_name == "Zoé Martin"  # a line break: a space
