"""The archive at /designer/archive: search, exports, tags and retention periods."""
