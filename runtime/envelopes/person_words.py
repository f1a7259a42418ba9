"""Where a person of an envelope is, in the short words the envelope list shows ("invited",
"done"): the archive's CSV and Excel exports say the same, not the stored status
("notified"), so a spreadsheet reads like the screen it came from."""

PERSON_WORDS = {
    "pending": "not invited yet",
    "notified": "invited",
    "viewed": "opened",
    "verified": "opened",
    "completed": "done",
    "declined": "declined",
    "skipped": "not needed",
}


#: the organisation's own role (its company stamp) is stamped, never invited
STAMP_WORDS = {
    "pending": "not stamped yet",
    "notified": "stamp awaited",
    "completed": "stamped",
}


#: an envelope that ended without a sealed PDF: a cc person gets no copy
ENDED_UNSIGNED = ("declined", "voided", "expired")


def person_word(status: str, kind: str = "", envelope_status: str = "") -> str:
    """A cc role only receives the sealed PDF: "gets a copy", whatever its status, and
    "no copy" once the envelope ended unsigned (the envelope's page and list say so too)."""
    if kind == "cc":
        return "no copy" if envelope_status in ENDED_UNSIGNED else "gets a copy"
    return PERSON_WORDS.get(status, status.replace("_", " "))
