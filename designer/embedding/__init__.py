"""Settings -> Embedding: an administrator lets intranet pages show the forms (SSO)."""
