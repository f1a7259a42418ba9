"""The envelope page's Remind now: it names whom it reminded, and once everyone has signed
(the envelope only waits for its seal) there is nobody to remind; a seal that gives up, and
an administrator's retry, are in the timeline in words."""

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from runtime.accounts.service import create_api_key
from runtime.jobs import worker
from runtime.jobs.queue import PermanentJobError
from runtime.settings import Settings
from tests.integration.conftest import path_of, run_jobs
from tests.integration.designer.conftest import Author, sign_in
from tests.integration.designer.sending_helpers import _sign, in_turn


def legal_then_two() -> dict[str, Any]:
    """Legal signs first, then Finance and the CEO at the same time."""
    definition = in_turn()
    definition["roles"][2]["stage"] = 2
    return definition


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)  # no engine question
async def test_remind_names_the_people_and_is_not_offered_once_everyone_signed(
    client: AsyncTestClient, author: Author, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await sign_in(client, author)
    key = await create_api_key(author.organisation_id, "t")
    auth = {"Authorization": f"Bearer {key}"}
    template = await client.post("/api/v1/templates", json=legal_then_two(), headers=auth)
    created = await client.post(
        "/api/v1/envelopes",
        json={
            "template_id": template.json()["id"],
            "recipients": [
                {"role": "legal", "name": "Lena Legal", "email": "lena@example.com"},
                {"role": "finance", "name": "Fin Ance", "email": "fin@example.com"},
                {"role": "ceo", "name": "Cee Oh", "email": "ceo@example.com"},
            ],
        },
        headers=auth,
    )
    envelope = created.json()
    url = f"/designer/envelopes/{envelope['id']}"
    links = {r["role"]: path_of(r["signing_url"]) for r in envelope["recipients"]}
    await _sign(client, links["legal"], "legal", "Lena Legal")

    reminded = await client.post(f"{url}/remind", data={"_csrf_token": token})
    assert reminded.status_code == 303
    page = (await client.get(reminded.headers["location"])).text
    assert "Reminders are on their way to Fin Ance and Cee Oh." in page

    # everyone signs; the seal gives up (its reason is the administrators' business)
    sealing = worker.HANDLERS["seal"]

    async def failing_seal(settings: Settings, payload: dict[str, Any], executor: Any) -> None:
        if payload["envelope_id"] == envelope["id"]:
            raise PermanentJobError("The timestamp authority did not answer.")
        await sealing(settings, payload, executor)

    monkeypatch.setitem(worker.HANDLERS, "seal", failing_seal)
    await _sign(client, links["finance"], "finance", "Fin Ance")
    await _sign(client, links["ceo"], "ceo", "Cee Oh")
    await run_jobs(settings)
    page = (await client.get(url)).text
    assert "Sealing failed — an administrator has been told" in page
    assert "Remind now" not in page and f'action="{url}/remind"' not in page
    assert "<strong>Sealing failed: the administrators were told</strong> — formseal" in page
    assert "Gave up after 1 attempt. Nobody needs to sign again" in page
    assert "sealing failed notice to " + author.email in page  # not "seal_failed to …"

    # a Remind now from a page left open is refused with the reason, and nothing is recorded
    late = await client.post(f"{url}/remind", data={"_csrf_token": token})
    assert late.status_code == 409
    assert "There is nobody to remind: everyone has finished" in late.text
    assert page.count("Reminder sent by a sender") == 1  # only the one with people to remind
    api = await client.post(f"/api/v1/envelopes/{envelope['id']}/remind", headers=auth)
    assert api.status_code == 409

    retried = await client.post(
        f"/designer/settings/problems/envelopes/{envelope['id']}/retry", data={"_csrf_token": token}
    )
    assert retried.status_code == 303
    page = (await client.get(url)).text
    assert f"<strong>Sealing tried again</strong> — {author.email}" in page
