"""The designer's preview starts fields with their default answer, as the signer's wizard."""

import copy
import json

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from, value_of
from tests.integration.designer.helpers import SIGNED_FORM, answers_in, seeded
from tests.integration.helpers import _ticked


def _with_defaults() -> dict:
    definition = copy.deepcopy(SIGNED_FORM)
    fields = definition["sections"][0]["fields"]
    fields[0]["default"] = "Ada"
    fields[1]["default"] = "Company"  # an option's label names its value
    fields.append({"key": "news", "component": "checkbox", "label": "News", "default": True})
    return definition


async def test_the_preview_starts_with_defaults_and_keeps_what_was_emptied(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in, _with_defaults())
    start = await client.get(f"{base}/preview")
    assert start.status_code == 200
    assert value_of(start.text, "full_name") == "Ada"
    assert _ticked(start.text, "client_type", "company") and _ticked(start.text, "news", "yes")

    token = csrf_from(start.text)
    form = {"_csrf_token": token, "role": "client", "step": "1", "answers": "{}"}
    unchanged = {**form, "full_name": "Ada", "client_type": "company", "news": "yes"}
    step2 = await client.post(f"{base}/preview", data=unchanged)
    assert step2.status_code == 200 and "Your company" in step2.text
    answers = json.loads(answers_in(step2.text))
    assert answers == {"full_name": "Ada", "client_type": "company", "news": True}

    # the box unticked and Continue: Back shows it unticked, not ticked again
    emptied = {**form, "full_name": "Ada", "client_type": "company"}
    step2 = await client.post(f"{base}/preview", data=emptied)
    answers_json = answers_in(step2.text)
    assert json.loads(answers_json)["news"] is None
    step3 = await client.post(
        f"{base}/preview",
        data={**form, "step": "2", "answers": answers_json, "company_name": "Engines Ltd"},
    )
    assert "Step 3 of 4" in step3.text
    back = await client.post(
        f"{base}/preview",
        data={**form, "step": "2", "answers": answers_in(step3.text), "do": "back"},
    )
    assert "Your details" in back.text and not _ticked(back.text, "news", "yes")
    assert value_of(back.text, "full_name") == "Ada"
