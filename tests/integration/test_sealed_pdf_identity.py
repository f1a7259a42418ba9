"""A link with an identity check asks for it again before its sealed PDF is downloaded in a
browser that has not passed it: after signing (a forwarded invitation) and for a cc
recipient (a forwarded "completed" mail), with the same codes, limits and lock-out as
before signing. A link without a check downloads directly, as before."""

import re

from litestar.testing import AsyncTestClient

from runtime.settings import Settings
from tests.integration.conftest import (
    SIGN_STEP,
    Org,
    create_envelope,
    demo_definition,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
    shared_app_client,
)


def with_identity(check: str) -> dict:
    definition = demo_definition()
    definition["roles"][0]["identity"] = check
    return definition


async def assert_asks_for_the_code(browser: AsyncTestClient, link: str) -> None:
    """The download leads to the code page, not to the PDF; the confirmation says why."""
    download = await browser.get(f"{link}/sealed.pdf")
    assert download.status_code == 303 and download.headers["location"] == f"{link}/verify"
    assert not download.content.startswith(b"%PDF")
    done = await browser.get(f"{link}/done")
    assert done.status_code == 200
    assert "we first ask you to confirm it is you" in done.text
    assert f'href="{link}/sealed.pdf" download' not in done.text  # not saved as a file
    forced = await browser.get(f"{link}/done?download=1")  # starts nothing without the code
    assert forced.status_code == 200 and 'http-equiv="refresh"' not in forced.text
    # the code page has a way back to the confirmation (which needs no code): it had none
    asked = await browser.get(f"{link}/verify")
    assert f'<a class="back-link" href="{link}/done">Back</a>' in asked.text


async def test_a_finished_signer_gives_the_access_code_again_in_another_browser(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """Seals once (about a second on an idle machine)."""
    template = await import_template(client, org, with_identity("access_code"))
    recipient = {"role": "customer", "name": "Al", "email": "al@example.com"}
    envelope = await create_envelope(
        client, org, template["id"], recipients=[{**recipient, "access_code": "blue heron 42"}]
    )
    link = path_of(envelope["recipients"][0]["signing_url"])
    await client.get(link)
    assert (await client.post(f"{link}/verify", data={"code": "blue heron 42"})).status_code == 303
    await fill_demo(client, link)
    assert await run_jobs(settings) >= 1
    own = await client.get(f"{link}/sealed.pdf")  # the browser that signed: straight away
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    assert f'href="{link}/sealed.pdf" download' in (await client.get(f"{link}/done")).text

    async with shared_app_client(settings) as forwarded:
        await assert_asks_for_the_code(forwarded, link)
        page = await forwarded.get(f"{link}/verify")
        assert page.status_code == 200
        assert "confirm it is you again before you download it" in page.text
        assert "gave you an access code" in page.text
        wrong = await forwarded.post(f"{link}/verify", data={"code": "red heron"})
        assert wrong.status_code == 422 and "4 more tries" in wrong.text
        assert (await forwarded.get(f"{link}/sealed.pdf")).status_code == 303
        right = await forwarded.post(f"{link}/verify", data={"code": "Blue Heron 42"})
        assert right.status_code == 303
        assert right.headers["location"] == f"{link}/done?download=1"
        back = await forwarded.get(right.headers["location"])
        assert f'url={link}/sealed.pdf"' in back.text and "Your download has started" in back.text
        pdf = await forwarded.get(f"{link}/sealed.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.content == own.content
        # passed: the code page leads back to the confirmation
        again = await forwarded.get(f"{link}/verify")
        assert again.status_code == 303 and again.headers["location"] == f"{link}/done"

    async with shared_app_client(settings) as guesser:  # the lock-out applies as before
        for _attempt in range(5):
            await guesser.post(f"{link}/verify", data={"code": "not it"})
        locked = await guesser.post(f"{link}/verify", data={"code": "blue heron 42"})
        assert locked.status_code == 429 and "Too many wrong codes" in locked.text
        assert (await guesser.get(f"{link}/sealed.pdf")).headers["location"] == f"{link}/verify"


CC_FORM = {
    "name": "Lease with a copy",
    "roles": [
        {"key": "customer", "name": "Customer"},
        {"key": "legal", "name": "Legal", "kind": "cc", "identity": "access_code"},
        {"key": "audit", "name": "Audit", "kind": "cc", "identity": "sms_code"},
    ],
    "sections": [SIGN_STEP],
}


async def test_cc_recipients_with_an_access_code_or_a_text_and_a_signer_without_a_check(
    client: AsyncTestClient, org: Org, settings: Settings
) -> None:
    """One envelope sealed once (about a second) serves the three links."""
    template = await import_template(client, org, CC_FORM)
    envelope = await create_envelope(
        client,
        org,
        template["id"],
        prefill={},
        recipients=[
            {"role": "customer", "name": "Chris", "email": "chris@example.com"},
            {"role": "legal", "name": "Lee", "email": "lee@example.com", "access_code": "4711"},
            {
                "role": "audit",
                "name": "Ada",
                "email": "ada@example.com",
                "phone": "+44 7700 900456",
            },
        ],
    )
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    signer, cc, texted = links["customer"], links["legal"], links["audit"]
    page = await open_link(client, signer)
    token = re.search(r'name="_csrf_token" value="([^"]*)"', page.text)
    csrf = {"_csrf_token": token.group(1)} if token else {}
    step = await client.post(f"{signer}/step/1", data={**csrf, "signature__typed": "Chris"})
    assert step.status_code == 303, step.text
    assert (await client.post(f"{signer}/finish", data=csrf)).status_code == 303
    assert await run_jobs(settings) >= 1

    async with shared_app_client(settings) as other:
        plain = await other.get(f"{signer}/sealed.pdf")  # no check on this link: as before
        assert plain.status_code == 200 and plain.content.startswith(b"%PDF")

        await assert_asks_for_the_code(other, cc)
        page = await other.get(f"{cc}/verify")
        assert "we check it is you in each browser" in page.text
        assert "You have finished" not in page.text  # a cc recipient did not sign
        wrong = await other.post(f"{cc}/verify", data={"code": "4712"})
        assert wrong.status_code == 422 and "access code is not right" in wrong.text
        right = await other.post(f"{cc}/verify", data={"code": "4711"})
        assert right.headers["location"] == f"{cc}/done?download=1"
        pdf = await other.get(f"{cc}/sealed.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

        # a code by text message is sent for the download too (same limits: one per 30 s)
        await assert_asks_for_the_code(other, texted)
        page = await other.get(f"{texted}/verify")
        assert "Send the code" in page.text and "•••• 456" in page.text
        before = set(settings.outbox_dir.glob("*-sms-*.txt"))
        assert (await other.post(f"{texted}/verify/send")).status_code == 303
        assert (await other.post(f"{texted}/verify/send")).status_code == 429  # too soon
        (text,) = set(settings.outbox_dir.glob("*-sms-*.txt")) - before
        code = re.search(r"code is (\d{6})", text.read_text()).group(1)
        right = await other.post(f"{texted}/verify", data={"code": code})
        assert right.headers["location"] == f"{texted}/done?download=1"
        pdf = await other.get(f"{texted}/sealed.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
