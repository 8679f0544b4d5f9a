"""The synthetic demo council: deterministic, fictional, never real children."""
