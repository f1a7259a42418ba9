"""Authoring: designer screens, drafts, editor state, lint display, previews (to come)."""

from designer.admin.failure_mail import register as _register_failure_mail

_register_failure_mail()  # runtime's worker mails these admins when a seal fails for good
