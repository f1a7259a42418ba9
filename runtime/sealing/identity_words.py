"""How the audit certificate words the identity checks a recipient passed.

The seal input carries each check in English, as runtime/jobs/seal_input.py reads it from
the audit trail ("one-time code sent by SMS", or single sign-on with its issuer in
brackets); the certificate words it in the document's language, like the rest of its text.
"""

from runtime.i18n import N_, gettext

#: audit trail method -> the check in words (English source, translated by the catalogs)
IDENTITY_METHODS = {
    "email_code": N_("one-time code sent by email"),
    "sms_code": N_("one-time code sent by SMS"),
    "access_code": N_("access code given by the sender"),
    "sso": N_("signed in through the organisation's single sign-on"),
}
_KNOWN = frozenset(IDENTITY_METHODS.values())


def identity_check(text: str) -> str:
    """A check as the seal input holds it, in the current language. The issuer of a
    single sign-on (in brackets) is a name and stays; an unknown method stays as it is."""
    words, issuer = text, ""
    if text not in _KNOWN and text.endswith(")") and " (" in text:
        words, _, issuer = text[:-1].partition(" (")
    if words not in _KNOWN:
        return text
    return gettext(words) + (f" ({issuer})" if issuer else "")
