"""Insight: how envelopes fare — counts, completion times, weekly trends, the wizard funnel."""
