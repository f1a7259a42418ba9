"""The archive: finding finished and running envelopes, exporting them, and retention."""
