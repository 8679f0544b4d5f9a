"""Core schema migrations (branch label ``scrutiny``)."""
