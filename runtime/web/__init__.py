"""Shared web plumbing: page rendering, errors, security headers."""
