"""Why a seal or company stamp failed, in the language of the mail that says so.

The worker stores a failed job's reason in English (runtime/jobs/stuck.py `reason_in_words`):
the Problems page, `formseal seals`, the API and the audit trail show it as written. The
`seal_failed` mail goes to an administrator in their own language, so the reasons formseal
words itself are translated there, shape by shape as runtime/i18n/messages.py does for
signers' errors: the parts that come from elsewhere (a field label, a file name, a path, an
exception's own text) are put back as they are. A reason formseal did not word (pyHanko's,
WeasyPrint's, the operating system's) stays as written; `translate_reason` says so.
"""

import re
from functools import lru_cache

from runtime.i18n import N_, current, gettext
from runtime.i18n.messages import shape_patterns

REASONS = [
    # runtime/jobs/stuck.py: no error recorded
    N_("Waiting for a worker."),
    N_("No reason was recorded."),
    # runtime/jobs/seal_input.py
    N_(
        "The envelope's audit trail is broken (%(problem)s), so it is not sealed; check it "
        "with `formseal audit verify %(envelope)s`."
    ),
    N_(
        "The attachment %(name)s (%(label)s) is missing from the file store (%(error)s); "
        "nothing was sealed."
    ),
    # runtime/sealing/attachments.py
    N_(
        "The stored attachment %(name)s no longer matches the SHA-256 recorded when it was "
        "uploaded; it was changed or damaged in storage. Nothing was sealed."
    ),
    # runtime/stamps/apply.py and autosign.py (%(screen)s names a designer screen: English)
    N_(
        "The stamp chosen for “%(label)s” does not exist in this organisation; choose "
        "another one in the template."
    ),
    N_(
        "The stamp “%(stamp)s” chosen for “%(label)s” is deactivated; choose another one "
        "in the template."
    ),
    N_(
        "The organisation has no default company stamp for “%(label)s”; an administrator "
        "uploads one in %(screen)s."
    ),
    N_(
        "The stamp “%(stamp)s” may not be applied automatically; an administrator allows it "
        "in %(screen)s, or applies it from the envelope's page."
    ),
    N_("The stamp image is missing from the file store (%(error)s)."),
    # runtime/stamps/sealing.py
    N_("The company stamp applied to %(label)s cannot be read (%(error)s); nothing was sealed."),
    # runtime/sealing/keys.py
    N_("The sealing certificate is not valid yet; check the clock."),
    N_(
        "The sealing certificate expired on %(date)s; install a new one with `formseal keys "
        "import` or rotate the keys in %(folder)s (see docs/sealing.md, 'Rotation and expiry')."
    ),
    N_("Could not load the sealing key from %(folder)s: %(error)s"),
    N_("%(folder)s is incomplete: it has %(found)s but needs %(needed)s."),
    N_("%(key)s does not belong to %(certificate)s in %(folder)s."),
    # runtime/sealing/render.py
    N_(
        "Rendering the document took longer than the %(seconds)s s limit and was stopped "
        "(%(detail)s): the document is too large to seal."
    ),
    N_("The document has %(count)s pages; the limit is %(limit)s."),
]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return shape_patterns(REASONS)


def translate_reason(reason: str) -> tuple[str, bool]:
    """(the reason in the current language, whether it was translated). English, or a
    reason of unknown shape, comes back as it is with False."""
    if current() == "en":
        return reason, False
    for pattern, template in _patterns():
        found = pattern.match(reason.strip())
        if found:
            return gettext(template, **found.groupdict()), True
    return reason, False
