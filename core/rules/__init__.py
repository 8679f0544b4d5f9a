"""Rules: validated metadata and effective-dated periods from data, logic in Python."""
