"""Alembic revisions for this plugin's own tables, a branch of their own labelled
``staying_close``."""
