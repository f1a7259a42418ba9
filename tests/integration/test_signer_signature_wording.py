"""A missing signature's error names what the page shows: the drawing box only where
signer.js ran (it adds `__scripted` to the step's form), typing only where it is allowed."""

import re

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.conftest import Org, create_envelope, import_template, open_link, path_of

SIGN = {
    "name": "Sign here",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "sign",
            "title": "Sign",
            "role": "customer",
            "fields": [
                {"key": "name", "component": "text", "label": "Name"},
                {
                    "key": "signature",
                    "component": "signature",
                    "label": "Signature",
                    "required": True,
                },
                {"key": "initials", "component": "initials", "label": "Initials", "required": True},
            ],
        }
    ],
    "document": [{"kind": "heading", "text": "Agreement"}, {"kind": "fields"}],
}


async def start(client: AsyncTestClient, org: Org, policy: str) -> str:
    template = await import_template(
        client, org, {**SIGN, "settings": {"signature_policy": policy}}
    )
    envelope = await create_envelope(client, org, template["id"], prefill={})
    link = path_of(envelope["recipients"][0]["signing_url"])
    await open_link(client, link)
    return link


@pytest.mark.parametrize(
    ("policy", "scripted", "signature", "initials"),
    [
        (
            "typed_allowed",
            False,
            "Type your full name to sign, or upload a picture of your signature",
            "Type your initials, or upload a picture of them",
        ),
        (
            "typed_allowed",
            True,  # the page offers Draw, Type and Upload a picture: all three are named
            "Draw your signature in the box, type your full name, or upload a picture of it",
            "Draw your initials in the box, type them, or upload a picture of them",
        ),
        (
            "drawn_required",
            False,
            "Upload a picture of your handwritten signature",
            "Upload a picture of your handwritten initials",
        ),
        (
            "drawn_required",
            True,
            "Draw your signature in the box, or upload a picture of it",
            "Draw your initials in the box, or upload a picture of them",
        ),
    ],
)
async def test_the_missing_signature_error_fits_the_page(
    client: AsyncTestClient, org: Org, policy: str, scripted: bool, signature: str, initials: str
) -> None:
    link = await start(client, org, policy)
    form = {"name": "Alex", "signature__typed": "", "initials__typed": ""}
    if scripted:
        form["__scripted"] = "1"
    answer = await client.post(f"{link}/step/1", data=form)
    assert answer.status_code == 422
    # in the summary and beside the field (the upload's label may read the same)
    errors = re.sub(r"<label[^>]*>[^<]*</label>", "", answer.text)
    assert errors.count(signature) == 2
    assert errors.count(initials) == 2
    if not scripted:
        assert "in the box" not in answer.text.split("</h1>")[0]  # no box to sign in


async def test_finish_words_it_for_every_page_and_translates_it(
    client: AsyncTestClient, org: Org
) -> None:
    link = await start(client, org, "typed_allowed")
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/review"})
    answer = await client.post(f"{link}/finish")
    assert answer.status_code == 422
    assert "Tapez votre nom complet pour signer, ou téléversez une image de votre signature" in (
        answer.text
    )


async def test_the_scripted_pages_wording_is_translated(client: AsyncTestClient, org: Org) -> None:
    link = await start(client, org, "typed_allowed")
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/step/1"})
    form = {"name": "Alex", "signature__typed": "", "initials__typed": "", "__scripted": "1"}
    answer = await client.post(f"{link}/step/1", data=form)
    assert answer.status_code == 422
    assert (
        "Dessinez votre signature dans le cadre, tapez votre nom complet, ou téléversez-en une"
        " image" in answer.text
    )
    assert "Dessinez vos initiales dans le cadre, tapez-les, ou téléversez-en une image" in (
        answer.text
    )


async def test_the_picture_upload_is_worded_for_what_it_signs(
    client: AsyncTestClient, org: Org
) -> None:
    """Without JavaScript the upload follows the typed name: "Or upload a picture of your
    handwritten initials" (initials said "signature"); signer.js, which asks Draw / Type /
    Upload a picture first, shows the label without the "Or" (data-chosen-label)."""
    link = await start(client, org, "typed_allowed")
    step = (await client.get(f"{link}/step/1")).text
    for what in ("signature", "initials"):
        assert (
            f'data-chosen-label="Upload a picture of your handwritten {what}">'
            f"Or upload a picture of your handwritten {what}</label>"
        ) in step
    assert "PNG or JPG, up to 5 MB." in step


async def test_a_document_signed_by_hand_tells_a_page_without_javascript_to_upload(
    client: AsyncTestClient, org: Org
) -> None:
    """Without JavaScript there is no drawing box, yet a document signed by hand said "draw
    your signature, or upload a picture of it" (the signature's words under the initials
    too), then "Or upload a picture…" with nothing before the "Or"."""
    link = await start(client, org, "drawn_required")
    step = (await client.get(f"{link}/step/1")).text
    assert "draw your signature, or upload" not in step
    assert (
        "This document must be signed by hand: upload a picture of your handwritten "
        "signature. Drawing it here needs JavaScript, which your browser does not run."
    ) in step
    assert "upload a picture of your handwritten initials. Drawing them here" in step
    assert ">Or upload a picture" not in step
    assert ">Upload a picture of your handwritten signature</label>" in step
    assert ">Upload a picture of your handwritten initials</label>" in step

    typed = await start(client, org, "typed_allowed")  # "Or" follows the typed name
    assert (
        ">Or upload a picture of your handwritten signature</label>"
        in (await client.get(f"{typed}/step/1")).text
    )
