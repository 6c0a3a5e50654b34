"""Storage: everything that knows how rows are kept.

Owns: the project database (``db``), ORM models and column types, Alembic migrations, raw
DBAPI access for the hot path (``rawdb``), the settings table, queries, the flows repository
(``flows_repo``: drafts and immutable versions) and the project's clock (``project_clock``).
May import: ``runtime.flow`` (the flows repository validates and serialises flows),
``runtime.clock``, ``runtime.errors``. Never engine, steps, channels, reports or the service.
"""
