"""What a missing signature's error says, worded for what the signer's page shows.

components/ words it for the drawing box ("Sign in the box, or type your full name"), but
a signer page offers a picture upload too (always), without JavaScript the box is not shown
(a typed name and a picture upload are), and under the "drawn_required" policy typing is
refused: the message names the ways the page offers, and only those. signer.js adds `__scripted` to the step's
form, so a post without it came from a page without the box. Where it is not known (the
finish button), the no-JavaScript wording is used: it names only ways every page offers.
"""

from typing import Any

from components.fields.initials import initials
from components.fields.signature import signature
from runtime.i18n import N_

#: the marker signer.js adds to the step form
SCRIPTED = "__scripted"

_ANY_FIELD: Any = None  # the wording is the same for every signature field
_SIGNATURE = signature.missing_message(_ANY_FIELD)
_INITIALS = initials.missing_message(_ANY_FIELD)

#: (component's wording, scripted, drawing required) -> what the page can offer
WORDING = {
    (_SIGNATURE, True, False): N_(
        "Draw your signature in the box, type your full name, or upload a picture of it"
    ),
    (_SIGNATURE, False, False): N_(
        "Type your full name to sign, or upload a picture of your signature"
    ),
    (_SIGNATURE, True, True): N_("Draw your signature in the box, or upload a picture of it"),
    (_SIGNATURE, False, True): N_("Upload a picture of your handwritten signature"),
    (_INITIALS, True, False): N_(
        "Draw your initials in the box, type them, or upload a picture of them"
    ),
    (_INITIALS, False, False): N_("Type your initials, or upload a picture of them"),
    (_INITIALS, True, True): N_("Draw your initials in the box, or upload a picture of them"),
    (_INITIALS, False, True): N_("Upload a picture of your handwritten initials"),
}


def is_scripted(form: Any) -> bool:
    """The form was posted from a page where signer.js ran (the drawing box was shown)."""
    return form is not None and SCRIPTED in form


def reword(errors: dict[str, Any], *, scripted: bool, policy: str) -> dict[str, Any]:
    """`errors` with each missing-signature message worded for the page (also inside a
    repeating group's row messages, "Director 2: Sign in the box, …")."""
    must_draw = policy == "drawn_required"
    out: dict[str, Any] = {}
    for key, message in errors.items():
        if isinstance(message, str):
            for original in (_SIGNATURE, _INITIALS):
                if original in message:
                    message = message.replace(original, WORDING[original, scripted, must_draw])
        out[key] = message
    return out
