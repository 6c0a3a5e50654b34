"""Alembic environment: runs on the connection ``open_project`` hands over.

Migrations are applied programmatically (``alembic.command.upgrade`` with
``config.attributes["connection"]``); there is no alembic.ini. To write a new revision during
development::

    .venv/bin/python -m runtime.storage.migrations.new "add thing"
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from runtime.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run pending migrations on the given connection (or a URL from the config)."""
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("alembic: no connection given and no sqlalchemy.url configured")
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
