"""Authoring: designer screens, drafts, editor state, lint display, previews (to come)."""

from designer.admin.failure_mail import register as _register_failure_mail

_register_failure_mail()  # runtime's worker mails these admins when a seal fails for good

from designer.accounts.invitation_mail import register as _register_invitation_mail  # noqa: E402

_register_invitation_mail()  # the worker sends the users screen's invitation mails

from designer.accounts.mail_language import register as _register_mail_language  # noqa: E402

_register_mail_language()  # mails to senders and administrators in the language they chose
