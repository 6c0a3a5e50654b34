"""Tag colour and description; casefolded contact search text; notifications read marker.

Revision ID: 0004_tags_search
Revises: 0003_tag_log_processed
Create Date: 2026-12-06

``tags.color`` and ``tags.description`` feed the tag editor. ``contacts.search_key`` holds the
casefolded search text (see ``runtime.storage.search_key``), filled here for existing contacts,
so searching "светлана" finds "Светлана" on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_tags_search"
down_revision = "0003_tag_log_processed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns and fill the search text of existing contacts."""
    op.add_column("tags", sa.Column("color", sa.String(length=16), nullable=True))
    op.add_column("tags", sa.Column("description", sa.Text(), nullable=True))
    op.add_column("contacts", sa.Column("search_key", sa.Text(), nullable=True))
    from runtime.storage.search_key import SEARCH_COLUMNS, search_key

    bind = op.get_bind()
    contacts = sa.table("contacts", sa.column("id", sa.Integer), sa.column("search_key", sa.Text),
                        *(sa.column(name, sa.String) for name in SEARCH_COLUMNS))
    rows = bind.execute(sa.select(contacts.c.id, *(contacts.c[name] for name in SEARCH_COLUMNS))).all()
    statement = (sa.update(contacts).where(contacts.c.id == sa.bindparam("b_id"))
                 .values(search_key=sa.bindparam("b_key")))
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        bind.execute(statement, [{"b_id": row[0], "b_key": search_key(*row[1:])} for row in chunk])


def downgrade() -> None:
    """Drop the columns."""
    op.drop_column("contacts", "search_key")
    op.drop_column("tags", "description")
    op.drop_column("tags", "color")
