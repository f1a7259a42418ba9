"""Envelopes."""
