"""The designer's role editor sets the identity check a role must pass, in the definition."""

import pytest

from components import parse_definition
from designer.roles.operations import IDENTITY_CHECKS, identity_supported, update_role
from runtime.errors import Invalid


def draft() -> dict:
    return {
        "name": "Loan",
        "roles": [{"key": "customer", "name": "Customer"}],
        "sections": [
            {
                "key": "s",
                "title": "S",
                "role": "customer",
                "fields": [
                    {"key": "sig", "component": "signature", "label": "Signature", "required": True}
                ],
            }
        ],
    }


@pytest.mark.parametrize("check", ["email_code", "sms_code", "access_code"])
def test_identity_check_reaches_the_definition(check: str) -> None:
    assert identity_supported()
    d = draft()
    update_role(d, "customer", {"name": "Customer", "identity": check})
    assert parse_definition(d).role("customer").identity == check


def test_every_offered_check_is_accepted_by_the_schema_and_others_are_refused() -> None:
    for check in IDENTITY_CHECKS:
        d = draft()
        update_role(d, "customer", {"name": "Customer", "identity": check})
        parse_definition(d)
    with pytest.raises(Invalid):
        update_role(draft(), "customer", {"name": "Customer", "identity": "telepathy"})
