"""A telephone number, stored in E.164 form: "+84912345678".

Accepts international input ("+84 912 345 678", "0084 912 345 678", "+44 (0)20 7946 0958")
and, when `validation.default_region` is set (a region such as "VN", or a calling code such
as "+84"), national input ("0912 345 678"): the trunk prefix is dropped and the calling code
added. This checks the shape E.164 allows (a country code, at most 15 digits), not whether
the number is in service. phonenumbers (the "lite" package: metadata without geocoding)
gives only the example in an error message: a number of the field's region written the way
people there type it ("0912 345 678" for VN), so a signer in Vietnam is not shown a UK one.
"""

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import phonenumbers

from components.errors import FieldError
from components.fields._settings import label_of
from components.registry import Component, register
from components.wording import as_object

MIN_DIGITS, MAX_DIGITS = 7, 15
_NANP = ["US", "CA", "PR", "JM", "TT", "BS", "BB", "DO"]
# region -> (country calling code, national trunk prefix or None)
REGIONS: dict[str, tuple[str, str | None]] = {
    **{r: ("1", "1") for r in _NANP},
    **{r: ("7", "8") for r in ("RU", "KZ")},
    **{
        r: (code, "0")
        for r, code in {
            "EG": "20", "ZA": "27", "NL": "31", "BE": "32", "FR": "33", "RO": "40",
            "CH": "41", "AT": "43", "GB": "44", "SE": "46", "DE": "49", "PE": "51",
            "AR": "54", "BR": "55", "CO": "57", "VE": "58", "MY": "60", "AU": "61",
            "ID": "62", "PH": "63", "NZ": "64", "TH": "66", "JP": "81", "KR": "82",
            "VN": "84", "CN": "86", "TR": "90", "IN": "91", "PK": "92", "AF": "93",
            "LK": "94", "MM": "95", "IR": "98", "MA": "212", "DZ": "213", "TN": "216",
            "NG": "234", "GH": "233", "KE": "254", "TZ": "255", "UG": "256", "IE": "353",
            "FI": "358", "BG": "359", "UA": "380", "RS": "381", "HR": "385", "SI": "386",
            "SK": "421", "KH": "855", "LA": "856", "BD": "880", "TW": "886", "AE": "971",
            "IL": "972", "SA": "966", "JO": "962", "NP": "977", "MN": "976",
        }.items()
    },
    **{
        r: (code, None)
        for r, code in {
            "GR": "30", "ES": "34", "HU": "36", "IT": "39", "DK": "45", "NO": "47",
            "PL": "48", "MX": "52", "CL": "56", "SG": "65", "PT": "351", "LU": "352",
            "IS": "354", "MT": "356", "CY": "357", "LT": "370", "LV": "371", "EE": "372",
            "CZ": "420", "HK": "852", "MO": "853", "QA": "974",
        }.items()
    },
}  # fmt: skip
#: the example when the field has no region: international form, a UK number
INTERNATIONAL_EXAMPLE = "+44 20 7946 0958"
_ALLOWED = re.compile(r"^\+?[\d\s().\-/]+$")
_CALLING_CODE = re.compile(r"^\+?([1-9]\d{0,2})$")


def region_prefix(setting: Any) -> tuple[str, str | None] | None:
    """(calling code, trunk prefix) for a `default_region` setting; None when unknown."""
    if not isinstance(setting, str):
        return None
    setting = setting.strip()
    if setting.upper() in REGIONS:
        return REGIONS[setting.upper()]
    match = _CALLING_CODE.match(setting)
    return (match[1], "0") if match else None


@lru_cache(maxsize=64)
def example_number(setting: Any) -> str | None:
    """A number of the region of a `default_region` setting ("VN" or "+84") as people there
    type it (national format, a mobile number first), when this module reads it back as the
    same number; else the same number in international form. None: the region is unknown."""
    if region_prefix(setting) is None:
        return None
    region = str(setting).strip().upper()
    if region.lstrip("+").isdigit():
        region = phonenumbers.region_code_for_country_code(int(region.lstrip("+")))
    candidates = [
        phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE),
        phonenumbers.example_number(region),
    ]
    numbers = [n for n in candidates if n is not None]
    for number in numbers:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if to_e164(national, setting) == e164:
            return national
    if not numbers:
        return None
    return phonenumbers.format_number(numbers[0], phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def to_e164(text: str, default_region: Any = None) -> str | None:
    """The E.164 form of a written number, or None when it cannot be one."""
    text = text.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    text = text.replace("(0)", "")
    if not _ALLOWED.match(text) or text.count("+") > 1:
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        region = region_prefix(default_region)
        if region is None:
            return None
        code, trunk = region
        if trunk and digits.startswith(trunk):
            digits = digits[len(trunk) :]
        international = code + digits
    if international.startswith("0") or not MIN_DIGITS <= len(international) <= MAX_DIGITS:
        return None
    return "+" + international


class PhoneComponent(Component):
    name = "phone"
    macro = "phone"
    validation_keys = frozenset({"default_region"})

    def normalise(self, text: str, field: Any) -> Any:
        region = field.validation.get("default_region")
        number = to_e164(text, region)
        if number is None:
            if region_prefix(region) is None and not text.strip().startswith(("+", "00")):
                raise FieldError(
                    f"Enter {as_object(label_of(field))} with the country code, like {INTERNATIONAL_EXAMPLE}"
                )
            example = example_number(region) if region_prefix(region) else None
            raise FieldError(
                f"Enter {as_object(label_of(field))} in the correct format, like "
                f"{example or INTERNATIONAL_EXAMPLE}"
            )
        return number

    def check_field(self, field: Any) -> Iterator[tuple[str, str]]:
        region = field.validation.get("default_region")
        if region is not None and region_prefix(region) is None:
            yield (
                "validation.default_region",
                "must be a known region such as VN or GB, or a calling code such as +84",
            )


phone = register(PhoneComponent())
