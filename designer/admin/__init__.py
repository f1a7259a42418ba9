"""Administrator screens about the engine's health: failed seals (/designer/admin/seals)."""
