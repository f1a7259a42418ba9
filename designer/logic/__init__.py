"""Logic without code: rules built from pickers, read back as sentences; formulas."""
