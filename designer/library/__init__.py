"""The template library: list, search, create, duplicate, archive."""
