"""Labels inside the signer's error messages, through the signing pages and the API on a real
database: a name that starts a label keeps its capital when the template writes it
mid-sentence ("Enter Acme contract number", was "Enter acme contract number"), and a label
is lowered by the language of the template it is written in, not by the page's (a Chinese
template's "Email 地址" on an English page was lowered to "email 地址")."""

import html

from litestar.testing import AsyncTestClient

from tests.integration.conftest import (
    SIGN_STEP,
    Org,
    import_template,
    opened_envelope,
)


def _form(language: str, *fields: dict, paragraph: str = "") -> dict:
    return {
        "name": "Supply contract",
        "language": language,
        "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
        "sections": [
            {"key": "details", "title": "Details", "role": "customer", "fields": list(fields)},
            SIGN_STEP,
        ],
        "document": [{"kind": "paragraph", "html": paragraph}, {"kind": "fields"}],
    }


ACME = {"key": "number", "component": "text", "label": "Acme contract number", "required": True}
EMAIL = {"key": "mail", "component": "email", "label": "Email address", "required": True}


def _summary(page: str) -> str:
    text = html.unescape(page)
    return text[
        text.index('class="error-summary"') : text.index("</ul>", text.index("error-summary"))
    ]


async def test_a_name_the_template_writes_mid_sentence_keeps_its_capital(
    client: AsyncTestClient, org: Org
) -> None:
    paragraph = "<p>This contract is between <strong>Acme</strong> and the customer.</p>"
    link = await opened_envelope(client, org, _form("en", ACME, EMAIL, paragraph=paragraph))
    refused = await client.post(f"{link}/step/1", data={"mail": "nope"})
    assert refused.status_code == 422
    summary = _summary(refused.text)
    assert "Enter Acme contract number" in summary
    assert "Enter email address in the correct format" in summary  # a noun: lowered

    plain = await opened_envelope(client, org, _form("en", ACME))  # Acme only starts the label
    assert "Enter acme contract number" in _summary((await client.post(f"{plain}/step/1")).text)


async def test_a_label_is_lowered_by_its_templates_language(
    client: AsyncTestClient, org: Org
) -> None:
    chinese = {**EMAIL, "label": "Email 地址"}
    link = await opened_envelope(client, org, _form("zh-CN", chinese))
    await client.post(f"{link}/language", data={"language": "en", "return": f"{link}/step/1"})
    refused = await client.post(f"{link}/step/1", data={"mail": "nope"})
    assert refused.status_code == 422
    assert "Enter Email 地址 in the correct format" in _summary(refused.text)

    english = await opened_envelope(client, org, _form("en", EMAIL))
    await client.post(
        f"{english}/language", data={"language": "zh-CN", "return": f"{english}/step/1"}
    )
    refused = await client.post(f"{english}/step/1", data={"mail": "nope"})
    assert "请按正确格式输入“email address”" in _summary(refused.text)


async def test_the_apis_prefill_errors_follow_the_same_rule(
    client: AsyncTestClient, org: Org
) -> None:
    paragraph = "<p>Goods supplied by Acme.</p>"
    acme_mail = {**EMAIL, "label": "Acme email"}
    template = await import_template(client, org, _form("en", acme_mail, paragraph=paragraph))
    response = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template["id"],
            "recipients": [{"role": "customer", "name": "Cy", "email": "cy@example.com"}],
            "prefill": {"mail": "nope"},
        },
        headers=org.auth,
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["message"].startswith("Enter Acme email in the correct format"), error
