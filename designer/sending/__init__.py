"""Sender screens: send an envelope, follow it, remind, void; the outbox."""
