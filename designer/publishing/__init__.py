"""Lint, preview, publish and version history."""
