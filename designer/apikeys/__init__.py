"""The API keys screen under Settings: administrators create, list and revoke keys."""
