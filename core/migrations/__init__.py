"""Alembic environment and the core schema's migrations."""
