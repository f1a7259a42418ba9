"""The language of a mail to someone who is not a recipient: a sender or an administrator.

They are designer users, who choose the language of their mails on their own account page,
and `runtime/` never imports `designer/` (docs/architecture.md): the designer registers how
to look a user's choice up (`register_user_language`, done when the `designer` package is
imported, as it does for the failed-seal administrators). Without it, or for an address
that is no designer user (an API sender), or one who chose nothing, there is no answer and
the mail job uses the template's language.
"""

from collections.abc import Awaitable, Callable

from runtime.i18n import supported

LanguageLookup = Callable[[str], Awaitable[str]]
"""email -> the language code that person chose for their mails, or ""."""

_lookup: LanguageLookup | None = None


def register_user_language(lookup: LanguageLookup) -> None:
    global _lookup
    _lookup = lookup


async def user_language(email: str) -> str | None:
    """The language `email` chose for their mails, when they chose one formseal speaks."""
    if _lookup is None or not email:
        return None
    return supported(await _lookup(email))
