"""Scrutiny's built-in domain plugins. Each uses exactly the hooks a third party would."""
