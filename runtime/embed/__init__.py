"""Embedding forms in intranet pages: JWT identity, frames, postMessage."""
