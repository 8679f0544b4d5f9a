"""Alembic revisions of the fostering plugin (branch ``fostering``)."""
