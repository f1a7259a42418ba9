"""A rule whose field was deleted says so where it is shown (the step's chip on the form,
its Logic box), instead of reading like a rule that works."""

from designer.logic.sentences import sentence

DRAFT = {
    "sections": [
        {
            "key": "details",
            "fields": [
                {"key": "full_name", "component": "text", "label": "Full name"},
                {
                    "key": "employers",
                    "component": "group",
                    "label": "Employers",
                    "fields": [{"key": "employer", "component": "text", "label": "Employer"}],
                },
            ],
        }
    ]
}


def test_a_rule_on_a_deleted_field_says_the_field_is_gone() -> None:
    rule = {"and": [{"==": [{"var": "contract_type"}, "fixed_term"]}]}
    assert sentence(rule, DRAFT, "Shown") == (
        "Shown when “contract_type” is fixed_term (but “contract_type” no longer exists: "
        "choose another field or remove the condition)"
    )
    two = {"or": [{"var": "a"}, {"!": {"var": "b"}}, {"var": "full_name"}]}
    assert "(but “a”, “b” no longer exist:" in sentence(two, DRAFT)


def test_a_rule_on_fields_that_exist_reads_as_before() -> None:
    rule = {"and": [{"!": {"empty": [{"var": "full_name"}]}}]}
    assert sentence(rule, DRAFT, "Shown") == "Shown when “Full name” is answered"
    assert "no longer" not in sentence({"var": "employer"}, DRAFT)
