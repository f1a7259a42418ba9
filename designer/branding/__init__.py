"""Settings -> Brand: an organisation administrator sets its look, with a live preview."""
