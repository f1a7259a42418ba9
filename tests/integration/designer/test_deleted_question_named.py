"""The publish check names a question the draft no longer has by the label it had, or says
it is no question of the form; it read "Merge field '{{ field_9 }}' names a field that does
not exist" and "Refers to field 'client_type', which does not exist": keys a legal author
never chose and cannot find in the editor."""

import copy
import html
import re

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import SIGNED_FORM, seeded


def _problems(page: str) -> list[str]:
    items = re.findall(r"<li><span class=\"badge[^>]*>.*?</li>", page, re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", "", li).split())) for li in items]


async def test_a_deleted_question_is_named_by_its_label(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await seeded(client, signed_in)
    for key in ("full_name", "client_type"):
        deleted = await client.post(f"{base}/fields/{key}/delete", headers=hx(signed_in))
        assert deleted.status_code == 200, deleted.text
    problems = _problems((await client.get(f"{base}/publish")).text)
    assert (
        "Error Clause 1 “Made with [Full name]”: It quotes the answer to “Full name”, a "
        "question that was deleted, so the signed PDF would have a gap there: take it out of "
        "the text, or quote another question."
    ) in problems
    assert (
        "Error Step 2 “Your company”, its rule: It asks about “Client type”, a question that "
        "was deleted: choose another question, or remove the rule."
    ) in problems
    assert not any("does not exist" in p or "'" in p for p in problems), problems


async def test_a_merge_field_that_never_was_a_question_says_so(
    client: AsyncTestClient, signed_in: str
) -> None:
    """Imported or pasted with a misspelt name, there is no label to give: the text is
    quoted as the Document tab shows it, and called no question of this form."""
    definition = copy.deepcopy(SIGNED_FORM)
    definition["document"][1]["html"] = "<p>Made with {{ field_9 }}.</p>"
    base = await seeded(client, signed_in, definition)
    problems = _problems((await client.get(f"{base}/publish")).text)
    assert (
        "Error Clause 1 “Made with {{ field_9 }}”: It quotes {{ field_9 }}, which is no "
        "question of this form (a deleted question, or a misspelt name), so the signed PDF "
        "would have a gap there: take it out of the text, or quote a question from the list."
    ) in problems


async def test_the_canvas_and_logic_box_name_a_deleted_question_by_its_label(
    client: AsyncTestClient, signed_in: str
) -> None:
    """The step's chip and its Logic box said 'Shown when “client_type” is company (but
    “client_type” no longer exists…)': the key again, and the option's value, where the
    author wrote and signers read "Company"."""
    base = await seeded(client, signed_in)
    deleted = await client.post(f"{base}/fields/client_type/delete", headers=hx(signed_in))
    assert deleted.status_code == 200, deleted.text
    canvas = html.unescape((await client.get(f"{base}/edit")).text)
    assert "Shown when “Client type” is Company (but “Client type” no longer exists" in canvas
    assert "“client_type”" not in canvas
    panel = await client.get(f"{base}/properties?select=section:company", headers=hx(signed_in))
    logic = html.unescape(panel.text)
    assert "Show this step when “Client type” is Company (but “Client type” no longer" in logic
    assert "Client type (deleted)</option>" in logic  # the builder's row, not "client_type"
