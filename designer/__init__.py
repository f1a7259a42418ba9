"""Authoring: designer screens, drafts, editor state, lint display, previews (to come)."""
