"""Webhooks: endpoints, signed deliveries, retries and the delivery log."""
