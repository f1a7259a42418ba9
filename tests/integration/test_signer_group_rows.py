"""Rows of a repeating group keep what the signer typed when the page is drawn again."""

import json
import re
from typing import Any

from litestar.testing import AsyncTestClient

from tests.board_form import NAME, board_resolution, directors, signature
from tests.integration.conftest import SIGN_STEP, Org, opened_envelope, value_of
from tests.integration.helpers import BOARD


async def test_a_typed_signature_in_a_row_survives_autosave_and_add_another(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, BOARD)
    row = {
        "directors__0__name": "Dana Director",
        "directors__0__signature": "",
        "directors__0__signature__mode": "type",
        "directors__0__signature__typed": "Dana Director",
    }
    saved = await client.post(f"{link}/step/1/draft", data=row)
    assert saved.status_code == 200
    again = await client.get(f"{link}/step/1")  # the signer comes back later
    assert 'name="directors__0__signature__typed" value="Dana Director"' in again.text
    assert 'data-initial-mode="type"' in again.text
    added = await client.post(f"{link}/step/1", data={**row, "directors__add": "1"})
    assert added.status_code == 303
    redrawn = await client.get(added.headers["location"].split("#")[0])
    assert "Director 2" in redrawn.text
    assert 'name="directors__0__signature__typed" value="Dana Director"' in redrawn.text


async def test_add_another_answers_with_a_redirect_to_the_new_row(
    client: AsyncTestClient, org: Org
) -> None:
    """Post/Redirect/Get: reloading the step after "Add another" (or "Remove") does not ask
    the browser to send the form again; the draft keeps the rows, the anchor names the new
    row (its heading can take focus), and "return to review" is kept."""
    link = await opened_envelope(client, org, BOARD)
    row = {"directors__0__name": "Dana Director", "directors__0__signature__typed": "Dana"}
    added = await client.post(f"{link}/step/1?return=review", data={**row, "directors__add": "1"})
    assert added.status_code == 303
    assert added.headers["location"] == f"{link}/step/1?return=review#row-directors-2"
    page = await client.get(f"{link}/step/1?return=review")
    assert page.status_code == 200
    assert '<h2 class="group-row__title" id="row-directors-2" tabindex="-1">Director 2</h2>' in (
        page.text
    )
    assert value_of(page.text, "directors__0__name") == "Dana Director"
    assert value_of(page.text, "directors__1__name") == ""
    assert "There is a problem" not in page.text  # nothing is judged yet
    three = {**row, "directors__1__name": "Eli", "directors__add": "1"}
    added = await client.post(f"{link}/step/1", data=three)
    assert added.headers["location"] == f"{link}/step/1#row-directors-3"
    removed = await client.post(
        f"{link}/step/1", data={**row, "directors__1__name": "Eli", "directors__remove": "0"}
    )
    assert removed.status_code == 303
    assert re.fullmatch(
        rf"{link}/step/1\?removed=[\w-]+#field-directors", removed.headers["location"]
    )
    page = await client.get(f"{link}/step/1")
    assert value_of(page.text, "directors__0__name") == "Eli"
    assert "Director 2" not in page.text


SHARES = board_resolution(
    {
        "key": "total_share",
        "component": "computed",
        "label": "Total share",
        "expression": {"sum": [{"var": "directors"}, "share"]},
        "validation": {"decimals": 0},
    },
    signature("Signature"),
    group=directors(NAME, {"key": "share", "component": "number", "label": "Share (%)"}),
)


async def test_a_computed_value_follows_what_is_typed_before_continue(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, SHARES)
    rows = {"directors__0__name": "Ann", "directors__0__share": "60", "__shown": "directors"}
    saved = await client.post(f"{link}/step/1/draft", data=rows)
    assert saved.status_code == 200
    assert '<p class="computed-value" aria-live="polite">60</p>' in saved.text
    more = {**rows, "directors__1__name": "Bo", "directors__1__share": "15"}
    await client.post(f"{link}/step/1/draft", data=more)
    again = await client.get(f"{link}/step/1")  # and when the signer comes back
    assert '<p class="computed-value" aria-live="polite">75</p>' in again.text


async def test_review_shows_each_row_as_its_own_list_and_offers_no_change_for_computed_values(
    client: AsyncTestClient, org: Org
) -> None:
    link = await opened_envelope(client, org, SHARES)
    rows = {
        "directors__0__name": "Ann",
        "directors__0__share": "60",
        "directors__1__name": "Bo",
        "directors__1__share": "40",
        "signature__typed": "Ann",
    }
    step = await client.post(f"{link}/step/1", data=rows)
    assert step.status_code == 303, step.text
    review = await client.get(f"{link}/review")
    # each row is a small list ("Director 2" over its answers, each label over its value),
    # readable on a phone, not one run-on "Director 1: Name: Ann; Share (%): 60" line
    rows_html = re.sub(r">\s+<", "><", review.text)
    assert (
        '<li class="summary-rows__row"><p class="summary-rows__title">Director 2</p>'
        '<dl class="summary-rows__cells">'
        '<div class="summary-rows__cell"><dt>Name</dt><dd dir="auto">Bo</dd></div>'
        '<div class="summary-rows__cell"><dt>Share (%)</dt><dd dir="auto">40</dd></div>'
    ) in rows_html
    assert "Director 1: Name: Ann" not in review.text
    css = await client.get("/static/formseal.css")
    assert ".summary-rows__cell dt {" in css.text
    assert "#field-directors" in review.text  # the group can be changed ...
    assert "#field-total_share" not in review.text  # ... what is worked out from it cannot


async def test_review_rows_without_a_row_label_say_row_in_the_page_language(
    client: AsyncTestClient, org: Org
) -> None:
    definition = json.loads(json.dumps(SHARES))
    definition["sections"][0]["fields"][0]["validation"].pop("row_label", None)
    link = await opened_envelope(client, org, definition)
    rows = {"directors__0__name": "Ann", "directors__0__share": "100", "signature__typed": "Ann"}
    assert (await client.post(f"{link}/step/1", data=rows)).status_code == 303
    await client.post(f"{link}/language", data={"language": "fr", "return": f"{link}/review"})
    review = (await client.get(f"{link}/review")).text
    assert '<p class="summary-rows__title">Ligne 1</p>' in review


HOLDERS = {
    "name": "Share register",
    "roles": [{"key": "customer", "name": "Customer", "stage": 1}],
    "sections": [
        {
            "key": "holders",
            "title": "Shareholders",
            "role": "customer",
            "fields": [
                {
                    "key": "holders",
                    "component": "group",
                    "label": "Other shareholders",
                    "validation": {"row_label": "Holder"},
                    "fields": [
                        {"key": "name", "component": "text", "label": "Name", "required": True},
                        {
                            "key": "country",
                            "component": "text",
                            "label": "Country",
                            "default": "Viet Nam",
                        },
                        {"key": "shares", "component": "number", "label": "Shares", "default": 100},
                    ],
                }
            ],
        },
        SIGN_STEP,
    ],
    "document": [{"kind": "fields"}],
}


async def test_new_rows_start_with_the_defaults_of_their_fields(
    client: AsyncTestClient, org: Org
) -> None:
    """Without JavaScript: the first row and each "Add another" row show the author's
    default answers; a row the signer changed keeps what they typed, cleared included."""
    link = await opened_envelope(client, org, HOLDERS)
    first = await client.get(f"{link}/step/1")
    assert value_of(first.text, "holders__0__country") == "Viet Nam"
    assert value_of(first.text, "holders__0__shares") == "100"
    assert value_of(first.text, "holders__0__name") == ""
    row = {"holders__0__name": "Lan", "holders__0__country": "", "holders__0__shares": "40"}
    added = await client.post(f"{link}/step/1", data={**row, "holders__add": "1"})
    assert added.status_code == 303
    page = await client.get(f"{link}/step/1")
    assert value_of(page.text, "holders__0__country") == ""  # cleared stays cleared
    assert value_of(page.text, "holders__0__shares") == "40"
    assert value_of(page.text, "holders__1__country") == "Viet Nam"
    assert value_of(page.text, "holders__1__shares") == "100"


async def test_an_untouched_row_with_defaults_does_not_stop_continue(
    client: AsyncTestClient, org: Org
) -> None:
    """The group is optional: a signer with no other shareholders continues past the first
    row, which holds only its defaults, instead of being told to enter a name."""
    link = await opened_envelope(client, org, HOLDERS)
    untouched = {
        "holders__0__name": "",
        "holders__0__country": "Viet Nam",
        "holders__0__shares": "100",
    }
    step = await client.post(f"{link}/step/1", data=untouched)
    assert step.status_code == 303, step.text
    assert step.headers["location"] == f"{link}/step/2"


async def test_a_rows_problems_are_listed_once_and_link_to_their_inputs(
    client: AsyncTestClient, org: Org
) -> None:
    """The error summary links each row problem to its input; the group does not repeat
    them beside its legend, nor mark the good rows' inputs as wrong."""
    link = await opened_envelope(client, org, BOARD)
    rows = {
        "directors__0__name": "Ann",
        "directors__0__signature__typed": "Ann",
        "directors__1__signature__typed": "Bo",
    }
    page = await client.post(f"{link}/step/1", data=rows)
    assert page.status_code == 422
    summary = page.text.split('class="error-summary__list">')[1].split("</ul>")[0]
    assert summary.count("<li>") == 1
    assert '<a href="#field-directors__1__name">Director 2: Enter name</a>' in summary
    assert 'class="form-group form-group--error" id="field-directors"' not in page.text
    assert 'id="error-directors"' not in page.text  # no summary beside the legend
    assert 'class="form-group form-group--error" id="field-directors__1__name"' in page.text
    assert 'class="form-group form-group--error" id="field-directors__0__name"' not in page.text


async def test_add_another_goes_once_the_most_rows_are_shown(
    client: AsyncTestClient, org: Org
) -> None:
    """At the author's max_rows the page offers no "Add another" (the row could only be
    refused at Continue), and a posted Add there adds nothing."""
    definition: Any = json.loads(json.dumps(BOARD))
    definition["sections"][0]["fields"][0]["validation"]["max_rows"] = 2
    link = await opened_envelope(client, org, definition)
    one = {"directors__0__name": "Ann"}
    await client.post(f"{link}/step/1", data={**one, "directors__add": "1"})
    page = (await client.get(f"{link}/step/1")).text
    assert "Director 2" in page and 'name="directors__add"' not in page
    two = {**one, "directors__1__name": "Bo", "directors__add": "1"}
    again = await client.post(f"{link}/step/1", data=two)
    assert again.status_code == 303
    page = (await client.get(f"{link}/step/1")).text
    assert value_of(page, "directors__1__name") == "Bo" and "Director 3" not in page


async def test_the_only_row_of_an_optional_group_can_be_removed(
    client: AsyncTestClient, org: Org
) -> None:
    """An optional group's one row offers Remove, so what was typed there can be taken back
    (without it only clearing every input would); a required group keeps its one row."""
    definition: Any = json.loads(json.dumps(BOARD))
    definition["sections"][0]["fields"][0]["required"] = False
    link = await opened_envelope(client, org, definition)
    page = (await client.get(f"{link}/step/1")).text
    assert 'name="directors__remove" value="0"' in page and "Remove director 1" in page

    typed = {"directors__0__name": "Ann"}
    await client.post(f"{link}/step/1/draft", data=typed)
    removed = await client.post(f"{link}/step/1", data={**typed, "directors__remove": "0"})
    assert removed.status_code == 303
    assert re.fullmatch(
        rf"{link}/step/1\?removed=[\w-]+#field-directors", removed.headers["location"]
    )
    page = (await client.get(f"{link}/step/1")).text
    assert "Director 1" in page and value_of(page, "directors__0__name") == ""
    done = await client.post(f"{link}/step/1", data={"directors__0__name": ""})
    assert done.headers["location"] == f"{link}/review"  # nothing asked of an empty group

    required = await opened_envelope(
        client, org, BOARD
    )  # BOARD's group is required: its one row stays
    assert 'name="directors__remove"' not in (await client.get(f"{required}/step/1")).text
