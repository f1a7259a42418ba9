"""Translating the English messages components/ produces (it is pure and knows no language).

Each template below is the English shape of one message, with `%(name)s` for the parts
that come from the definition (labels, numbers). A message is matched against the
templates, the template is translated, and the parts are put back. Unknown messages stay
as they are. Field labels themselves are the author's words and are never translated.
"""

import re
from functools import lru_cache

from components.wording import ANSWER_TO, YOUR_ANSWER_TO
from runtime.i18n import N_, current, gettext, ngettext, translations
from runtime.i18n.numbers import limit_text

TEMPLATES = [
    N_("Enter %(label)s"),
    # a label that is a question (components/wording.py)
    N_("Answer “%(label)s”"),
    N_("Choose an answer to “%(label)s”"),
    N_("Choose at least one answer to “%(label)s”"),
    N_("Upload a file to answer “%(label)s”"),
    # how a message that starts with a question label names it ("The answer to “…?” must
    # be a number"); translated inside the message's own shape (_subject)
    N_("The answer to “%(label)s”"),
    N_("your answer to “%(label)s”"),  # "Enter your answer to “…?” in the correct format"
    N_("Yes"),
    N_("No"),
    N_("Signed (drawn)"),
    N_("Signed: %(name)s"),
    N_("Initialled (drawn)"),
    N_("Initialled: %(name)s"),
    N_("Sign in the box, or type your full name"),
    N_("Add your initials in the box, or type them"),
    # worded for the page by runtime/signing/signature_wording.py
    N_("Type your full name to sign, or upload a picture of your signature"),
    N_("Draw your signature in the box, or upload a picture of it"),
    N_("Upload a picture of your handwritten signature"),
    N_("Type your initials, or upload a picture of them"),
    N_("Draw your initials in the box, or upload a picture of them"),
    N_("Draw your signature in the box, type your full name, or upload a picture of it"),
    N_("Draw your initials in the box, type them, or upload a picture of them"),
    N_("Upload a picture of your handwritten initials"),
    N_("Type your full name in %(count)s characters or fewer"),
    N_("Type your initials in %(count)s characters or fewer"),
    N_("The signature must be a PNG image"),
    N_("The signature image could not be read; clear it and sign again"),
    N_("The signature image is too large; clear it and sign again"),
    N_("Tick the box to confirm: %(label)s"),
    N_("Enter %(label)s in the correct format, like name@example.com"),
    N_("Enter %(label)s in the correct format, like +44 20 7946 0958"),
    N_("Enter %(label)s with the country code, like +44 20 7946 0958"),
    N_("Enter %(label)s in the correct format, like %(example)s"),  # the region's own example
    N_("%(label)s must be a real date, like %(example)s"),  # today, day/month/year
    N_("%(label)s must be on or after %(date)s"),
    N_("%(label)s must be on or before %(date)s"),
    N_("%(label)s must be %(count)s characters or fewer"),
    N_("%(label)s must be %(count)s characters or more"),
    N_("%(label)s must be a number, like 1250 or 12.5"),
    N_("%(label)s must be a whole number"),
    N_("%(label)s must be a number"),
    N_("%(label)s must be %(number)s or less"),
    N_("%(label)s must be %(number)s or more"),
    N_("%(label)s must be 0 or more"),
    N_("%(label)s must be an amount of money, like 1250.00"),
    N_("%(label)s must be less than %(number)s"),
    N_("%(label)s must have %(count)s digits or fewer"),
    N_("%(label)s must have %(count)s decimal places or fewer"),
    N_("%(label)s must be a whole amount of %(currency)s"),
    N_("%(label)s must be in %(currency)s"),
    N_("Enter %(label)s in %(currency)s"),
    N_("Select %(label)s"),
    N_("Select one of the options for %(label)s"),
    N_("Select at least one option for %(label)s"),
    N_("Select only the options listed for %(label)s"),
    N_("Select at least %(count)s options for %(label)s"),
    N_("Select no more than %(count)s options for %(label)s"),
    N_("Select no more than 1 option for %(label)s"),
    N_("Choose at least %(count)s answers to “%(label)s”"),
    N_("Choose no more than %(count)s answers to “%(label)s”"),
    N_("Choose no more than 1 answer to “%(label)s”"),
    N_("Upload %(label)s"),
    N_("Upload at least %(count)s files"),
    N_("Upload at least 1 file"),
    N_("Upload no more than %(count)s files"),
    N_("Upload no more than 1 file"),
    N_("The selected file is empty"),
    N_("The selected file must be a %(types)s"),
    N_("The selected file must be smaller than %(size)s"),
    N_("A file could not be read; remove it and upload it again"),
    N_("%(label)s could not be read; check the rows again"),
    N_("Choose the company stamp"),
    N_("The company stamp could not be found; choose it again"),
]


# a minimum or maximum ("GBP 100.00", "10,000") is written the language's way, English
# too ("£100.00"); components/ words it the one canonical way
_LIMITS = frozenset(
    {
        "%(label)s must be %(number)s or less",
        "%(label)s must be %(number)s or more",
        "%(label)s must be less than %(number)s",
    }
)
_LIMIT = re.compile(r" must be (?:less than )?[A-Z\d]")


def shape_patterns(
    templates: "list[str] | set[str] | tuple[str, ...]",
) -> list[tuple[re.Pattern[str], str]]:
    """Each English template as a regex that matches a text of its shape, its parameters
    captured by name ("Enter %(label)s" matches "Enter Email", label="Email"): the way a
    text formseal wrote in English is found again and translated."""
    compiled = []
    for template in templates:
        parts = re.split(r"(%\(\w+\)s)", template)
        regex = "".join(
            f"(?P<{p[2:-2]}>.+?)" if p.startswith("%(") else re.escape(p) for p in parts
        )
        compiled.append((re.compile(f"^{regex}$", re.S), template))
    return compiled


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    compiled = shape_patterns(TEMPLATES)
    # the most specific shape first: "Enter %(label)s" would also match "Enter Phone in the
    # correct format, like …" (taking all of it as the label), leaving it half translated
    return sorted(compiled, key=lambda item: -len(re.sub(r"%\(\w+\)s", "", item[1])))


def translate_message(message: str) -> str:
    """The message in the current language, when it has a known English shape."""
    if not message or (current() == "en" and not _LIMIT.search(message)):
        return message
    in_row = _in_row(message)
    if in_row is not None:
        return in_row
    for pattern, template in _patterns():
        match = pattern.match(message)
        if match:
            params = match.groupdict()
            if "label" in params:
                params["label"] = _named(params["label"], template)
            if "number" in params and template in _LIMITS:
                params["number"] = limit_text(params["number"])
            if "size" in params:
                params["size"] = _size(params["size"])
            return gettext(template, **params)
    return _rows(message)


# A repeating group's messages (components/fields/group.py): "Add at least 2 directors"
# (the author's row label, or "row", with one "s" when the count is not 1) and a row's
# problem after its heading, "Director 2: Enter Name". Translations do not inflect the
# author's noun, which they quote as any label (`quoted`): "Ajoutez au moins 2 lignes :
# « directeur »", "Thêm ít nhất 2 “giám đốc”".
_ROW_COUNT = re.compile(r"^Add (at least|no more than) (\d+) (.+)$", re.S)
_ROW_PROBLEM = re.compile(r"^(.+?) (\d+): (.+)$", re.S)


def _rows(message: str) -> str:
    found = _ROW_COUNT.match(message)
    if found:
        count = int(found[2])
        noun = found[3] if count == 1 else found[3][:-1]
        if found[1] == "at least":
            if noun == "row":
                return ngettext("Add at least %(num)s row", "Add at least %(num)s rows", count)
            return ngettext(
                "Add at least %(num)s row: %(row)s",
                "Add at least %(num)s rows: %(row)s",
                count,
                row=quoted(noun),
            )
        if noun == "row":
            return ngettext("Add no more than %(num)s row", "Add no more than %(num)s rows", count)
        return ngettext(
            "Add no more than %(num)s row: %(row)s",
            "Add no more than %(num)s rows: %(row)s",
            count,
            row=quoted(noun),
        )
    return message


def _in_row(message: str) -> str | None:
    """ "Director 2: Enter Name" with its problem translated, when that has a known shape
    (tried first: "%(label)s must be …" would take "Row 2: Name" for a label)."""
    found = _ROW_PROBLEM.match(message)
    if not found:
        return None
    problem = translate_message(found[3])
    if problem == found[3]:
        return None
    heading = gettext("Row") if found[1] == "Row" else found[1]
    return gettext("%(row)s %(number)s: %(problem)s", row=heading, number=found[2], problem=problem)


_SIZE = re.compile(r"^(\d+(?:\.\d+)?) (MB|KB)$|^(\d+) bytes?$")


def _size(text: str) -> str:
    """ "1.5 MB" (as components/ words a file size or limit) in the current language:
    "1,5 Mo", the figure as written (not through bytes of 1,024 and back)."""
    from decimal import Decimal

    from runtime.i18n.jinja import file_size, worded

    found = _SIZE.match(text)
    if not found:
        return text
    if found[2] in ("MB", "KB"):  # the figure as written: a limit of 2.048 MB stays 2.048
        return worded(Decimal(found[1]), found[2])
    return file_size(int(found[3]))  # "900 bytes" (1,000 and up read in KB and MB)


def _shape(wording: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(wording).replace(re.escape("{label}"), "(.+)") + "$", re.S)


_ANSWER_TO = {
    "The answer to “%(label)s”": _shape(ANSWER_TO),
    "your answer to “%(label)s”": _shape(YOUR_ANSWER_TO),
}


def _subject(label: str) -> str:
    """A question label as a message's subject ("The answer to “…?”") or as what to enter
    ("your answer to “…?”"), in the current language (the label, the author's, stays)."""
    for template, shape in _ANSWER_TO.items():
        found = shape.match(label)
        if found:
            return gettext(template, label=found[1])
    return label


def quoted(label: str) -> str:
    """A noun label named inside a sentence, quoted the current language's way: French
    « adresse e-mail », Chinese “adresse e-mail”; English leaves it bare ("Enter email
    address", GOV.UK's style). Each catalog says how (docs/translations.md, "A label inside
    a message"): the label is the author's words, often in another language than the page's."""
    quote = translations(current()).pgettext("a label named inside a sentence", "%(label)s")
    return str(quote) % {"label": label}


def _named(label: str, template: str) -> str:
    """The label as `template` names it: a question as "The answer to “…?”" or "your answer
    to “…?”" (quoted there), a template that quotes it as it is, any other label quoted."""
    subject = _subject(label)
    if subject != label or "“%(label)s”" in template:
        return subject
    return quoted(label)


def translate_errors(errors: dict[str, str]) -> dict[str, str]:
    return {key: translate_message(message) for key, message in errors.items()}
