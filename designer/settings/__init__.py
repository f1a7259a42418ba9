"""Organisation settings screens for administrators: company stamps (/designer/settings/stamps)."""
