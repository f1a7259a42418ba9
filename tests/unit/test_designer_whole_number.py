"""designer.web.whole_number: positions, steps and revisions posted by designer forms."""

from designer.web import whole_number


def test_digits_are_read_and_anything_else_gives_the_default() -> None:
    data = {"at": "3", "to": "", "stage": "-1", "step": ["2", "12345"], "revision": "0"}
    assert whole_number(data, "at", 5, None) == 3
    assert whole_number(data, "to", 5, None) is None
    assert whole_number(data, "stage", 5, 1) == 1  # a sign is not a digit
    assert whole_number(data, "step", 4, 1) == 1234  # the last value, cut at the limit
    assert whole_number(data, "revision", 12, None) == 0
    assert whole_number(data, "missing", 12, 7) == 7
