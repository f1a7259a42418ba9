"""Role.identity in the definition: parsed, refused when unknown, linted for cc roles."""

import pytest

from components import DefinitionError, parse_definition
from components.lint import lint


def definition(identity: str, kind: str = "signer") -> dict:
    return {
        "name": "Identity",
        "roles": [
            {"key": "a", "name": "Applicant", "identity": "email_code"},
            {"key": "b", "name": "Observer", "kind": kind, "identity": identity},
        ],
        "sections": [
            {
                "key": "s",
                "title": "Sign",
                "role": "a",
                "fields": [{"key": "sig", "component": "signature", "label": "Signature"}],
            }
        ],
    }


@pytest.mark.parametrize("identity", ["none", "email_code", "sms_code", "access_code"])
def test_every_identity_check_parses(identity: str) -> None:
    parsed = parse_definition(definition(identity, "approver"))
    assert parsed.roles[1].identity == identity and parsed.roles[0].identity == "email_code"


def test_an_unknown_identity_check_names_its_path_and_the_choices() -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(definition("retina_scan"))
    item = caught.value.errors[0]
    assert item.path == "$.roles[1].identity"
    assert "none, email_code, sms_code, access_code" in item.message


def test_an_identity_check_on_a_cc_role_is_meant() -> None:
    """A cc recipient's link asks for its check before the sealed PDF (decision 0011): no
    longer a warning that it is never asked."""
    findings = [
        f for f in lint(parse_definition(definition("sms_code", "cc"))) if "identity" in f.path
    ]
    assert findings == []
