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


def person_word(status: str, kind: str = "") -> str:
    """A cc role only receives the sealed PDF: "gets a copy", whatever its status."""
    if kind == "cc":
        return "gets a copy"
    return PERSON_WORDS.get(status, status.replace("_", " "))
