"""Bulk send: one envelope per row of a CSV or XLSX file."""
