"""Identity checks before signing: one-time codes by email or SMS, and access codes."""
