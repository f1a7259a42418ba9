"""Hypothesis strategies shared by the unit tests: definitions using every component."""

from hypothesis import strategies as st

keys = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
texts = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())

all_components = st.sampled_from(
    ["text", "textarea", "email", "date", "checkbox", "signature", "number", "phone", "stamp"]
    + ["initials", "attachment", "heading", "paragraph", "select", "radio", "multiselect"]
    + ["money", "computed", "group"]
)
option_lists = st.lists(
    st.fixed_dictionaries({"value": keys}, optional={"label": texts}),
    min_size=1,
    max_size=4,
    unique_by=lambda o: o["value"],
)
simple_conditions = st.one_of(
    st.none(),
    st.builds(lambda k, v: {"==": [{"var": k}, v]}, keys, st.integers(-(10**9), 10**9) | texts),
    st.builds(lambda k: {"!": {"empty": {"var": k}}}, keys),
    st.builds(
        lambda k, n: {"and": [{"var": k}, {">": [{"var": k}, n]}]}, keys, st.integers(-99, 99)
    ),
)


@st.composite
def language_field(draw, key: str) -> dict:
    component = draw(all_components)
    field: dict = {"key": key, "component": component, "label": draw(texts)}
    if draw(st.booleans()):
        field["visible_if"] = draw(simple_conditions)
    if component in ("select", "radio", "multiselect"):
        field["options"] = draw(option_lists)
    elif component == "money":
        field["validation"] = {"currency": draw(st.sampled_from(["EUR", "VND", "JPY"]))}
    elif component == "number":
        field["validation"] = {"min": draw(st.integers(-5, 0)), "max": draw(st.integers(1, 99))}
    elif component == "computed":
        field["expression"] = {"+": [{"var": draw(keys)}, draw(st.integers(-(10**6), 10**6))]}
    elif component == "group":
        field["fields"] = [{"key": "name", "component": "text", "label": "Name"}]
        field["validation"] = {"min_rows": draw(st.integers(0, 2)), "max_rows": 5}
    elif component == "attachment":
        field["validation"] = {"accept": [".pdf"], "max_files": draw(st.integers(1, 5))}
    return field


@st.composite
def language_definitions(draw) -> dict:
    field_keys = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    return {
        "name": draw(texts),
        "roles": [{"key": "customer", "name": "Customer", "condition": draw(simple_conditions)}],
        "sections": [
            {
                "key": "main",
                "title": draw(texts),
                "role": "customer",
                "visible_if": draw(simple_conditions),
                "fields": [draw(language_field(k)) for k in field_keys],
            }
        ],
        "document": [
            {"kind": "paragraph", "html": "<p>x</p>", "visible_if": draw(simple_conditions)}
        ],
    }
