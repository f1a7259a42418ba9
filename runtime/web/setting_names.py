"""A server setting named in a message a screen shows (FORMSEAL_JWKS_ALLOWED_HOSTS): set as
code, with a place to wrap after each underscore. On a 375 px phone such a name is wider
than the message's line, and broke wherever it ran out ("…ALLOWED_HOS" / "TS")."""

import re

from markupsafe import Markup

_NAME = re.compile(r"(FORMSEAL_[A-Z0-9_]*[A-Z0-9])")
_CODE = Markup('<code class="setting-name">{}</code>')
_WRAP = Markup("_<wbr>")


def setting_breaks(message: object) -> Markup:
    """`message` escaped, each FORMSEAL_ name in it a <code> that may wrap after its
    underscores."""
    parts = _NAME.split(str(message))  # the names at odd places
    return Markup("").join(
        _CODE.format(_WRAP.join(part.split("_"))) if i % 2 else part for i, part in enumerate(parts)
    )
