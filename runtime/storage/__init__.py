"""Storage: everything that knows how rows are kept.

Owns: the project database (``db``), ORM models and column types, Alembic migrations, raw
DBAPI access for the hot path (``rawdb``), the settings table, queries, the flows repository
(``flows_repo``: drafts and immutable versions), the project's clock (``project_clock``) and the
triggers that keep the daily report aggregates (``report_aggregates``).
May import: ``runtime.flow`` (the flows repository validates and serialises flows),
``runtime.clock``, ``runtime.errors``. Never engine, steps, channels, reports or the service.
"""
