"""Storage: the shared metadata, engine set-up, portable SQL constructs and migrations."""
