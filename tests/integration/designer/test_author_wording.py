"""What a legal author reads in the properties pane: an amount field that is complete from
the start, a currency typed in small letters accepted, the pane's heading following a
renamed step or role, and roles offered by their names."""

from litestar.testing import AsyncTestClient

from tests.integration.designer.conftest import hx
from tests.integration.designer.helpers import create, definition_of


async def _step(client: AsyncTestClient, token: str) -> str:
    base = await create(client, token, "Loan agreement")
    added = await client.post(f"{base}/sections", data={"title": "Loan"}, headers=hx(token))
    assert added.status_code == 200, added.text
    return base


async def test_a_new_amount_is_complete_and_its_currency_may_be_typed_small(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _step(client, signed_in)
    await client.post(f"{base}/fields", data={"component": "money"}, headers=hx(signed_in))
    field = (await definition_of(base))["sections"][0]["fields"][0]
    assert field["validation"] == {"currency": "EUR"}
    publish = await client.get(f"{base}/publish")
    assert "currency" not in publish.text  # no "Must be a 3-letter currency code" error

    changed = await client.post(
        f"{base}/properties",
        data={
            "item": f"field:{field['key']}",
            "label": "Loan amount",
            "key": field["key"],
            "validation_currency": "gbp",
            "prefill_source": "",
            "owner": "signer",
        },
        headers=hx(signed_in),
    )
    assert changed.status_code == 200, changed.text
    field = (await definition_of(base))["sections"][0]["fields"][0]
    assert field["validation"]["currency"] == "GBP"


async def test_the_pane_heading_follows_a_renamed_step_and_role(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _step(client, signed_in)
    step = await client.post(
        f"{base}/properties",
        data={"item": "section:loan", "title": "Company details", "key": "loan", "role": "signer"},
        headers=hx(signed_in),
    )
    assert step.status_code == 200, step.text
    assert (
        '<h2 class="pane__title" id="props-title" hx-swap-oob="true">'
        'Step <span class="pane__kind">Company details</span></h2>'
    ) in step.text
    role = await client.post(
        f"{base}/properties?tab=roles",
        data={"item": "role:signer", "name": "Borrower", "kind": "signer", "key": "signer"},
        headers=hx(signed_in),
    )
    assert role.status_code == 200, role.text
    assert 'id="props-title" hx-swap-oob="true">Borrower <span class="pane__kind">role' in (
        role.text
    )


async def test_a_step_offers_roles_by_name_and_says_who_fills_in_nothing(
    client: AsyncTestClient, signed_in: str
) -> None:
    base = await _step(client, signed_in)
    await client.post(f"{base}/roles", data={"kind": "approver"}, headers=hx(signed_in))
    panel = await client.get(f"{base}/properties?select=section:loan", headers=hx(signed_in))
    assert ">Signer</option>" in panel.text  # not "Signer (signer)"
    assert "(Approver: fills in nothing)</option>" in panel.text


async def test_selecting_on_the_document_or_roles_tab_sends_no_current_step(
    client: AsyncTestClient, signed_in: str
) -> None:
    """#current-section exists on the Form tab only: sent elsewhere, htmx logged an error
    (htmx:oobErrorNoTarget) on every selection."""
    base = await _step(client, signed_in)
    await client.post(f"{base}/blocks", data={"kind": "heading"}, headers=hx(signed_in))
    block = await client.get(
        f"{base}/properties?tab=document&select=block:0", headers=hx(signed_in)
    )
    role = await client.get(
        f"{base}/properties?tab=roles&select=role:signer", headers=hx(signed_in)
    )
    field = await client.get(f"{base}/properties?select=section:loan", headers=hx(signed_in))
    assert block.status_code == role.status_code == field.status_code == 200
    assert 'id="current-section"' not in block.text + role.text
    assert 'id="current-section"' in field.text


async def test_a_problem_links_to_the_box_that_fixes_it(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A money field without its currency: the publish page's link opens the field and
    names the Currency box (?box=prop-v-currency), which the editor brings into view."""
    base = await _step(client, signed_in)
    await client.post(f"{base}/fields", data={"component": "money"}, headers=hx(signed_in))
    key = (await definition_of(base))["sections"][0]["fields"][0]["key"]
    await client.post(
        f"{base}/properties",
        data={
            "item": f"field:{key}",
            "label": "Loan amount",
            "key": key,
            "validation_currency": "",
            "prefill_source": "",
            "owner": "signer",
        },
        headers=hx(signed_in),
    )
    publish = await client.get(f"{base}/publish")
    assert "edit?select=field%3Aloan_amount&amp;box=prop-v-currency" in publish.text


async def test_a_new_signer_role_says_where_its_steps_and_signature_are_added(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A second signer started with an empty properties pane and “1 problem to fix”: nothing
    said that its steps are made on the Form tab. An approver fills in nothing, so no hint."""
    base = await _step(client, signed_in)
    added = await client.post(f"{base}/roles", data={"kind": "signer"}, headers=hx(signed_in))
    assert added.status_code == 200, added.text
    key = (await definition_of(base))["roles"][-1]["key"]
    pane = (await client.get(f"{base}/properties?tab=roles&select=role:{key}")).text
    assert "Nothing yet. On the" in pane and f'<a href="{base}/edit">Form tab</a>, add' in pane
    assert "under <em>Filled in by</em>, and give it a Signature field." in pane
    first = (await client.get(f"{base}/properties?tab=roles&select=role:signer")).text
    assert "Loan (0 fields)" in first and "Nothing yet" not in first

    await client.post(f"{base}/roles", data={"kind": "approver"}, headers=hx(signed_in))
    approver = (await definition_of(base))["roles"][-1]["key"]
    pane = (await client.get(f"{base}/properties?tab=roles&select=role:{approver}")).text
    assert "Nothing yet" not in pane


async def test_template_settings_say_what_to_select_on_each_tab(
    client: AsyncTestClient, signed_in: str
) -> None:
    """The Document tab's template settings told the author to select "a step or a field on
    the form", which that tab does not show."""
    base = await _step(client, signed_in)
    form = (await client.get(f"{base}/edit")).text
    assert "Select a step or a field on the form to change it." in form
    document = (await client.get(f"{base}/document")).text
    assert "Select a heading, paragraph or other block of the document to change it." in document
    assert "a step or a field on the form" not in document
    roles = (await client.get(f"{base}/properties?tab=roles&select=template")).text
    assert "Select a role to change it." in roles


async def test_deleting_a_step_and_an_empty_step_speak_plainly(
    client: AsyncTestClient, signed_in: str
) -> None:
    """“and its 0 field(s)” and “click a component on the left” (the palette is called “Add
    a field”, and it is above the form on a tablet) were the words of a program."""
    base = await _step(client, signed_in)
    empty = (await client.get(f"{base}/edit")).text
    assert "Delete the step “Loan”? You can undo this." in empty
    assert "then click a field under “Add a field”, or drag one here." in empty
    assert "component" not in empty.split('id="canvas"')[1].split("</section>")[0]
    for _ in range(2):
        await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(signed_in))
    two = (await client.get(f"{base}/edit")).text
    assert "Delete the step “Loan” and its 2 fields? You can undo this." in two
    assert "field(s)" not in two


async def test_placeholder_and_default_answer_say_how_they_differ(
    client: AsyncTestClient, signed_in: str
) -> None:
    """Two boxes one above the other, “Placeholder” and “Default answer”, without a word on
    which one fills in an answer: an author typed the answer as a placeholder."""
    base = await _step(client, signed_in)
    await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(signed_in))
    key = (await definition_of(base))["sections"][0]["fields"][0]["key"]
    pane = (await client.get(f"{base}/properties?select=field:{key}")).text
    assert "Greyed-out example in the empty box" in pane and "use Default answer" in pane
    assert 'aria-describedby="prop-placeholder-hint"' in pane
    assert "Filled in already when the signer arrives; they may change it." in pane
    assert 'aria-describedby="prop-default-hint"' in pane


async def test_no_placeholder_is_offered_where_signers_would_never_see_it(
    client: AsyncTestClient, signed_in: str
) -> None:
    """A supplier form's author gave the drop-down “Company type” a placeholder: signers
    still read “Choose…” (and a date box shows the browser's own dd/mm/yyyy)."""
    base = await _step(client, signed_in)
    for component in ("select", "date"):
        await client.post(f"{base}/fields", data={"component": component}, headers=hx(signed_in))
    for field in (await definition_of(base))["sections"][0]["fields"]:
        pane = (await client.get(f"{base}/properties?select=field:{field['key']}")).text
        assert 'id="prop-placeholder"' not in pane, field["component"]
        assert 'id="prop-default"' in pane  # the default answer is still offered


async def test_a_validation_hint_is_text_beside_its_box_not_a_placeholder(
    client: AsyncTestClient, signed_in: str
) -> None:
    """“Comma-separated, like .pdf, image/*” was a placeholder cut off after “lik” in half
    the pane, gone once typing began, and “image/*” means nothing to a lawyer."""
    base = await _step(client, signed_in)
    await client.post(f"{base}/fields", data={"component": "attachment"}, headers=hx(signed_in))
    key = (await definition_of(base))["sections"][0]["fields"][0]["key"]
    pane = (await client.get(f"{base}/properties?select=field:{key}")).text
    hint = '<p class="prop__hint" id="prop-v-accept-hint">File endings separated by commas,'
    assert '<div class="prop-grid__wide">' in pane and hint in pane
    assert "Left empty: PDF, JPG or PNG." in pane
    assert 'aria-describedby="prop-v-accept-hint"' in pane
    assert "placeholder=" not in pane.split("Validation</legend>")[1].split("</fieldset>")[0]
    assert "image/*" not in pane


async def test_prefill_from_single_sign_on_speaks_of_their_sign_in_not_of_claims(
    client: AsyncTestClient, signed_in: str
) -> None:
    """“A single sign-on claim” and “Claim name” meant nothing to a legal author; the word
    “claim” stays in the hint, for the IT team that names it."""
    base = await _step(client, signed_in)
    await client.post(f"{base}/fields", data={"component": "text"}, headers=hx(signed_in))
    key = (await definition_of(base))["sections"][0]["fields"][0]["key"]
    pane = (await client.get(f"{base}/properties?select=field:{key}")).text
    assert ">Their company sign-in (single sign-on)</option>" in pane
    assert '<label class="prop__sublabel" for="prop-claim">Which detail of their sign-in' in pane
    assert (
        "(the “claim” of single sign-on)" in pane and 'aria-describedby="prop-claim-hint"' in pane
    )
    assert "Claim name" not in pane and "A single sign-on claim" not in pane
