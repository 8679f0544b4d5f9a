"""Migrations for the looked-after plugin's tables (branch label ``looked_after``)."""
