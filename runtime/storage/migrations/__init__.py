"""Alembic migrations of the project schema (applied by ``runtime.storage.db.open_project``)."""
