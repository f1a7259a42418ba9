"""Mail: composing from the theme, and delivering by SMTP or into var/outbox/."""
