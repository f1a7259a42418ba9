"""Phone fields: the example an error gives is one the field accepts, in its region's form."""

import phonenumbers

from components.fields.phone import REGIONS, example_number, to_e164


def test_the_phone_example_of_each_region_is_read_back_as_that_number() -> None:
    """An error's example is typed as shown by someone who follows it: it must be accepted,
    as the very number phonenumbers means (or it is given in international form)."""
    for region in REGIONS:
        example = example_number(region)
        assert example, region
        meant = phonenumbers.parse(example, region)
        e164 = phonenumbers.format_number(meant, phonenumbers.PhoneNumberFormat.E164)
        assert to_e164(example, region) == e164, (region, example)
    assert example_number("VN") == "0912 345 678"  # national: what people in Vietnam type
    assert example_number("HU").startswith("+36 ")  # national form this module misreads
