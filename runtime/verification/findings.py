"""The /verify report's findings in the reader's language.

runtime/sealing/verify.py, validation.py, changes.py, signature_list.py and
runtime/verification/service.py word each finding in English: `formseal verify`, the API
and logs show them as written. The page finds each one's shape again (as
runtime/i18n/reasons.py does for a failed seal's reason) and says it in the page's
language; the parts that come from the file (a field name, a certificate's problem, a
date) are put back as they are. A finding of unknown shape would stay in English:
tests/unit/test_verify_findings_complete.py collects the sentences those modules can write
and fails for one without an entry here.
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

from runtime.i18n import N_, current, gettext
from runtime.i18n.messages import shape_patterns

FINDINGS = [
    # runtime/sealing/verify.py: why a file cannot be checked at all (the report says only that)
    N_("This file is not a PDF."),
    N_("The PDF has no seal: it contains no digital signature."),
    N_(
        "This PDF is a draft made before signing, not the sealed document: it carries no seal. "
        "The sealed PDF is sent by email once everyone has signed, and can be downloaded from "
        "the signing link."
    ),
    N_("The PDF is damaged or truncated, so its seal cannot be checked."),
    N_(
        "The PDF is damaged or truncated, or its seal is unreadable (possibly forged), so it "
        "cannot be checked."
    ),
    # runtime/sealing/verify.py
    N_("The seal is valid: the document is unchanged since it was sealed."),
    N_("The PDF is signed, but not with a formseal seal."),
    N_("A signature in this PDF was made before the seal."),
    N_("Another signature was added after the document was sealed (%(names)s)."),
    N_(
        "The document was changed after it was sealed. The sealed bytes no longer match the "
        "signature."
    ),
    N_("The document was changed after it was sealed. Content was appended after the seal."),
    N_(
        "The document was changed after it was sealed. Content was appended after the last "
        "signature (%(field)s)."
    ),
    # formseal's own archive timestamp by what it is, not by its field `ArchiveTimestamp`
    N_(
        "The document was changed after it was sealed. Content was appended after the archive "
        "timestamp."
    ),
    N_("The changes break the seal's rule that nothing may change."),
    N_(
        "The seal was not made by this service: its certificate does not chain to this "
        "service's certificate authority."
    ),
    N_(
        "The seal was not made by this service: its certificate does not chain to this "
        "service's certificate authority. Its authority has the name of this service's, "
        "but another key."
    ),
    N_("The sealing certificate is not trusted (%(problem)s)."),
    N_("The sealing certificate has expired."),
    N_("The sealing certificate is not valid yet."),
    N_("The sealing certificate has been revoked."),
    N_(
        "The sealing certificate has expired since; it was valid when the seal was made "
        "(%(day)s, the time recorded in the trusted timestamp)."
    ),
    N_(
        "The sealing certificate has expired since; it was valid when the seal was made "
        "(%(day)s, the time recorded in the seal)."
    ),
    N_(
        "The timestamp does not come from a timestamp authority this service trusts, so "
        "only the time recorded by the sealing server is vouched for."
    ),
    # a stage approval names its stage, not its field: "the stage approval signature Stage 1"
    # said the stage twice ("… d'approbation d'étape Étape 1" in French)
    N_("The approval signature of stage %(number)s is not valid."),
    N_("The archive timestamp is not intact."),
    N_("The archive timestamp does not come from a timestamp authority this service trusts."),
    # a document timestamp another tool added, by its field as the signature list labels it
    N_("The archive timestamp %(field)s is not intact."),
    N_(
        "The archive timestamp %(field)s does not come from a timestamp authority this "
        "service trusts."
    ),
    # runtime/sealing/validation.py
    N_(
        "The seal carries revocation data, but no timestamp: PAdES B-LT needs one (set "
        "FORMSEAL_TSA_URL)."
    ),
    # runtime/sealing/signature_list.py
    N_(
        "The approval signature of stage %(number)s is in a field that did not exist when the "
        "document was sealed: a signature was added after sealing."
    ),
    N_("The approval of stage %(number)s is out of stage order."),
    # runtime/sealing/changes.py
    N_("%(added)s page was added after sealing (%(sealed)s sealed, %(now)s now)."),
    N_("%(added)s pages were added after sealing (%(sealed)s sealed, %(now)s now)."),
    N_("Pages were removed after sealing (%(sealed)s sealed, %(now)s now)."),
    N_("A new signature field (%(names)s) was added after sealing."),
    N_(
        "An annotation on page %(page)s (a link, comment, form value or stamp) was added, "
        "removed or changed after sealing."
    ),
    N_(
        "The content of page %(page)s was changed after sealing (text or an overlay drawn over it)."
    ),
    N_("The document information (title, author or envelope id) was changed after sealing."),
    N_("Objects in the file were changed or added in an update after sealing."),
    # runtime/verification/service.py
    N_(
        "This service has no record of envelope %(envelope)s: it may have been deleted from "
        "this service, or sealed by another installation that uses the same key."
    ),
    N_("The file is byte for byte the sealed PDF this service stored."),
    N_("The file is not the sealed PDF stored for this envelope."),
    # an envelope deleted at the end of its retention period (_compare_purged)
    N_(
        "The file is byte for byte the sealed PDF this service stored; the envelope's "
        "answers and files were deleted from this service on %(date)s, at the end of its "
        "retention period."
    ),
    N_(
        "The file is not the sealed PDF this service stored for this envelope, whose answers "
        "and files were deleted on %(date)s, at the end of its retention period."
    ),
    N_(
        "The envelope's audit trail was replaced by a summary when its data was deleted on "
        "%(date)s; it was intact then (%(count)s events)."
    ),
    N_("The envelope's audit trail was already broken when its data was deleted on %(date)s."),
    N_("No sealed PDF is stored for this envelope yet."),
    N_("The envelope's audit trail in this service's records is broken: %(problem)s."),
    N_(
        "The audit trail in this service's records does not contain the event sealed into "
        "this PDF: the trail was rewritten or events were deleted."
    ),
    N_(
        "The audit trail agrees: the head sealed into the PDF is event %(position)s of "
        "%(count)s in this service's records, whose hash chain is intact."
    ),
    N_(
        "The audit trail agrees: the head sealed into the PDF is event %(position)s of "
        "%(count)s in this service's records, whose hash chain is intact (%(after)s recorded "
        "after sealing)."
    ),
    N_(
        "The audit trail in this service's records is intact (%(count)s events); this PDF "
        "carries no audit head to compare it with."
    ),
]


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    # the most specific shape first, as runtime/i18n/messages.py does
    compiled = shape_patterns(FINDINGS)
    return sorted(compiled, key=lambda item: -len(re.sub(r"%\(\w+\)s", "", item[1])))


#: a stage approval's field as sealed PDFs name it (runtime/sealing/approvals.py)
STAGE_FIELD = re.compile(r"^Stage(\d+)$")


def stage_label(field: str) -> str | None:
    """`Stage1` as people read it, "Stage 1" ("Étape 1"); None for any other name."""
    stage = STAGE_FIELD.match(field)
    return gettext("Stage %(number)s", number=int(stage.group(1))) if stage else None


def finding_words(finding: str) -> str:
    """One finding in the page's language, a stage's field named as in the signature list
    ("… after the last signature (Stage 2)."); an unknown shape as written."""
    if current() == "en" and "Stage" not in finding:
        return finding
    for pattern, template in _patterns():
        found = pattern.match(finding.strip())
        if found:
            parts = found.groupdict()
            if "field" in parts:
                parts["field"] = stage_label(parts["field"]) or parts["field"]
            return gettext(template, **parts)
    return finding


#: an ISO date, with its time when it has one ("2026-11-29", "2026-11-29 09:43:34", and a
#: time's " UTC" with it: a stage's reason said "… 22:40:53" over "UTC)" at 320 px)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?: UTC\b)?)?\b")


def unbroken_dates(text: str) -> Markup:
    """`text`, escaped, each ISO date in it kept on one line (`.nowrap`): Chromium breaks a
    line after a hyphen between digits, and "2026-11-" over "29" read as two numbers in the
    report's narrow column on a phone."""
    parts, at = [], 0
    for found in _ISO_DATE.finditer(text):
        parts += [escape(text[at : found.start()]), _nowrap(found.group())]
        at = found.end()
    return Markup("").join([*parts, escape(text[at:])])


def _nowrap(date: str) -> Markup:
    return Markup('<span class="nowrap">{}</span>').format(date)
