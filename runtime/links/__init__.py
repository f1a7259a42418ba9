"""Signed prefill links: a public link to a form whose prefilled values cannot be edited."""
