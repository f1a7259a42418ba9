"""The Organisation screen for administrators: subsidiaries, their users, shared templates
and the group's envelopes (docs/groups.md)."""
