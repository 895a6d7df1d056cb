"""One module per conversation wizard page."""
