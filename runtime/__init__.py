"""The engine: templates, envelopes, signing, sealing, jobs, API; the composition root."""
