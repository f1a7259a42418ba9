"""`POST /api/v1/templates/{id}/links` checks the signer's address as an envelope's
recipients are checked. It only looked for an "@": `"email": "r@"` made a link that the
signer opened onto "Invalid input — The recipients are not valid.", and any problem was
one message at `$.recipient` ("needs the signer's name and email") that did not say which."""

from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, import_template, path_of


async def test_the_link_names_what_is_wrong_with_its_signer(
    client: AsyncTestClient, org: Org
) -> None:
    template = await import_template(client, org)
    links = f"/api/v1/templates/{template['id']}/links"
    cases = {
        "r@": [
            {
                "path": "$.recipient.email",
                "message": "Enter email in the correct format, like name@example.com",
            }
        ],
        "": [{"path": "$.recipient.email", "message": "must not be empty"}],
    }
    for address, errors in cases.items():
        refused = await client.post(
            links, json={"recipient": {"name": " ", "email": address}}, headers=org.auth
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"] == "The link's values are not valid."
        assert refused.json()["errors"] == [
            {"path": "$.recipient.name", "message": "must not be empty"},
            *errors,
        ]
    made = await client.post(
        links, json={"recipient": {"name": "Rita", "email": " rita@example.com "}}, headers=org.auth
    )
    assert made.status_code == 201, made.text
    opened = await client.get(path_of(made.json()["url"]))
    assert opened.status_code in (302, 303), opened.text
