"""Organisation settings: the landing page (/designer/settings/) and company stamps
(/designer/settings/stamps)."""
