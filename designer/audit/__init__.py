"""The audit trail screen under Settings: the organisation's own events, and a check of
every trail's hash chain (what `formseal audit verify` does, for one organisation)."""
