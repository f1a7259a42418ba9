"""The webhooks screen under Settings: endpoints, their deliveries, secrets shown once."""
