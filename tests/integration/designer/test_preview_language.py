"""The preview shows formseal's own words in the signer's language the author picks (by
default the template's): buttons, the step caption and error messages, as a signer with
that language sees them; the author's questions stay as written."""

import copy

from litestar.testing import AsyncTestClient

from tests.integration.conftest import csrf_from
from tests.integration.designer.helpers import SIGNED_FORM, seeded


async def test_the_preview_in_the_templates_language_and_in_a_chosen_one(
    client: AsyncTestClient, signed_in: str
) -> None:
    french = copy.deepcopy(SIGNED_FORM)
    french["language"] = "fr"
    base = await seeded(client, signed_in, french)
    start = await client.get(f"{base}/preview")
    assert "Étape 1 sur" in start.text and ">Continuer</button>" in start.text
    assert '<option value="fr" selected>Français (the template\'s)</option>' in start.text
    assert "Preview as" in start.text  # the designer around it stays English
    missing = await client.post(
        f"{base}/preview",
        data={
            "_csrf_token": csrf_from(start.text),
            "step": "1",
            "answers": "{}",
            "language": "zh_CN",
        },
    )
    assert missing.status_code == 422
    assert "出现问题" in missing.text and "第 1 步" in missing.text  # "There is a problem"
    assert 'name="language" value="zh-CN"' in missing.text  # kept for the next step
    english = await client.get(f"{base}/preview?language=en")
    assert "Step 1 of" in english.text and ">Continue</button>" in english.text
