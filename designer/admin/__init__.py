"""Administrator screens about the engine's health: Settings → Problems (failed background
work, seals included) and the company stamps an administrator applies by hand."""
