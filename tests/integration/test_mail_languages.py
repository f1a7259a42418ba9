"""Mails to designer users come in the language chosen for their mails (by them on Your
account, or by the administrator who invited them): a sender's "Declined", an
administrator's "Company stamp failed" with its reason translated, an invitation. Without
a choice: the template's language, and English for mails about the account. Received by
a real SMTP server; SQLite and PostgreSQL."""

import uuid

from litestar.testing import AsyncTestClient

from designer.accounts.service import create_user
from designer.tables import DesignerUser
from runtime.settings import Settings
from runtime.tables import Job, Recipient
from tests.integration.conftest import (
    Mailbox,
    Org,
    create_envelope,
    csrf_from,
    fill_demo,
    import_template,
    open_link,
    path_of,
    run_jobs,
)
from tests.integration.designer.conftest import PASSWORD, Author, sign_in


async def _user(org: Org, role: str, language: str = "") -> str:
    address = f"{role}-{uuid.uuid4().hex[:8]}@example.com"
    user_id = await create_user(org.id, address, PASSWORD, name="Ada", role=role)
    await DesignerUser.update({DesignerUser.mail_language: language}).where(
        DesignerUser.id == user_id
    )
    return address


def _flat(message) -> str:
    return " ".join(Mailbox.text(message).split())


async def test_a_sender_gets_declined_in_their_language_and_the_signer_in_theirs(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    sender = await _user(org, "sender", "fr")
    template = await import_template(mail_client, org)  # written in English
    await create_envelope(mail_client, org, template["id"], sender_email=sender)
    await run_jobs(mail_settings)
    link = mailbox.link_for("alex@example.com")
    await open_link(mail_client, link)
    form = await mail_client.get(f"{link}/decline")
    declined = await mail_client.post(
        f"{link}/decline", data={"_csrf_token": csrf_from(form.text), "reason": "Wrong date."}
    )
    assert declined.status_code == 303
    await run_jobs(mail_settings)

    [to_sender] = mailbox.to(sender)
    assert to_sender["Subject"] == "Refusé\u00a0: Service agreement"  # a no-break space
    assert "Wrong date." in _flat(to_sender)  # the signer's own words stay theirs
    [to_signer] = [m for m in mailbox.to("alex@example.com") if "Declined" in m["Subject"]]
    assert to_signer["Subject"] == "Declined: Service agreement"  # the template's language


async def test_a_failed_stamp_reaches_each_administrator_in_their_language(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    from tests.integration.stamps.helpers import stamp_definition

    french = await _user(org, "admin", "fr")
    chinese = await _user(org, "admin", "zh-CN")
    unset = await _user(org, "admin")
    template = await import_template(mail_client, org, stamp_definition())  # no stamp uploaded
    envelope = await create_envelope(mail_client, org, template["id"])
    customer = next(r for r in envelope["recipients"] if r["role"] == "customer")
    await fill_demo(mail_client, path_of(customer["signing_url"]))
    company = (
        await Recipient.select(Recipient.id)
        .where((Recipient.envelope == uuid.UUID(envelope["id"])) & (Recipient.role == "company"))
        .first()
    )
    await Job.update({Job.max_attempts: 1}).where(Job.dedupe_key == f"auto-sign:{company['id']}")
    await run_jobs(mail_settings)

    [fr] = mailbox.to(french)
    assert fr["Subject"].startswith("Échec du cachet de l’entreprise\u00a0: ")
    text = _flat(fr)
    assert "Raison :" in text
    assert "L’organisation n’a pas de cachet d’entreprise par défaut pour « " in text
    assert "no default company stamp" not in text and "(as the failing" not in text
    [zh] = mailbox.to(chinese)
    assert "本机构没有用于“" in _flat(zh) and "的默认公司印章" in _flat(zh)
    [en] = mailbox.to(unset)  # no choice: the template's language, English
    assert "The organisation has no default company stamp for “" in _flat(en)


async def test_an_invitation_comes_in_the_language_the_administrator_chose(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    admin = Author(await _user(org, "admin"), PASSWORD, org.id)
    token = await sign_in(mail_client, admin)
    form = (await mail_client.get("/designer/users")).text
    assert '<select class="select" id="new-mail-language" name="mail_language"' in form
    assert '<option value="vi">Vietnamese — Tiếng Việt</option>' in form
    invited = {}
    for language in ("vi", ""):
        email = f"new-{uuid.uuid4().hex[:8]}@example.com"
        added = await mail_client.post(
            "/designer/users",
            data={
                "_csrf_token": token,
                "email": email,
                "name": "Lan",
                "role": "author",
                "first": "invite",
                "mail_language": language,
            },
        )
        assert added.status_code == 303, added.text
        invited[language] = email
    refused = await mail_client.post(
        "/designer/users",
        data={
            "_csrf_token": token,
            "email": "x@example.com",
            "role": "author",
            "first": "invite",
            "mail_language": "xx",
        },
    )
    assert refused.status_code == 422 and "Choose one of the languages" in refused.text
    await run_jobs(mail_settings)

    [vi] = mailbox.to(invited["vi"])
    text = _flat(vi)
    assert vi["Subject"].startswith("Chọn mật khẩu của bạn cho ")
    assert "với vai trò Tác giả" in text
    assert "(7 ngày)" in text and "trình thiết kế formseal bằng tiếng Anh" in text
    assert 'lang="vi"' in vi.get_body(preferencelist=("html",)).get_content()
    [en] = mailbox.to(invited[""])  # not chosen: English, which the designer speaks
    assert en["Subject"].startswith("Choose your password for ")
    assert "as Author" in _flat(en) and "(7 days)" in _flat(en)
    assert "designer itself is in English" not in _flat(en)


async def test_everyone_chooses_their_own_mail_language_on_their_account(
    mail_client: AsyncTestClient, org: Org, mail_settings: Settings, mailbox: Mailbox
) -> None:
    viewer = Author(await _user(org, "viewer"), PASSWORD, org.id)
    token = await sign_in(mail_client, viewer)
    page = await mail_client.get("/designer/templates")
    assert 'href="/designer/account"' in page.text  # their name in the header
    account = await mail_client.get("/designer/account")
    assert account.status_code == 200 and "Language of your mails" in account.text
    assert '<option value="" selected>' in account.text
    wrong = await mail_client.post(
        "/designer/account/mail-language", data={"_csrf_token": token, "mail_language": "de"}
    )
    assert wrong.status_code == 422 and "Choose one of the languages" in wrong.text
    saved = await mail_client.post(
        "/designer/account/mail-language", data={"_csrf_token": token, "mail_language": "ms"}
    )
    assert saved.status_code == 303
    shown = await mail_client.get(saved.headers["location"])
    assert "Saved." in shown.text and '<option value="ms" selected>' in shown.text
    row = await DesignerUser.select(DesignerUser.mail_language).where(
        DesignerUser.email == viewer.email
    )
    assert row == [{"mail_language": "ms"}]

    from designer.accounts.invitations import send_link

    user_id = (
        await DesignerUser.select(DesignerUser.id).where(DesignerUser.email == viewer.email)
    )[0]["id"]
    await send_link(mail_settings, org.id, user_id, purpose="reset", actor="boss@example.com")
    await run_jobs(mail_settings)
    [reset] = mailbox.to(viewer.email)
    assert reset["Subject"] == "Pilih kata laluan baharu untuk formseal"
    assert "pentadbir" in _flat(reset)
