"""tag_log.processed_at: tag changes are claimed row by row like events.

Revision ID: 0003_tag_log_processed
Revises: 0002_contacts_updated_at
Create Date: 2026-12-06

The engine used to read tag changes after a cursor kept in settings (``engine:tag_log_cursor``).
With several PostgreSQL workers a cursor skips rows whose transaction commits after a higher id
was read, and a missing cursor row locked nothing. Rows now carry ``processed_at`` and are claimed
with ``FOR UPDATE SKIP LOCKED``. Rows up to the old cursor count as processed; the cursor goes.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003_tag_log_processed"
down_revision = "0002_contacts_updated_at"
branch_labels = None
depends_on = None

CURSOR_KEY = "engine:tag_log_cursor"


def upgrade() -> None:
    """Add the column and the partial index; mark rows the old cursor had passed."""
    op.add_column("tag_log", sa.Column("processed_at", sa.DateTime(), nullable=True))
    op.create_index("ix_tag_log_unprocessed", "tag_log", ["id"], unique=False,
                    sqlite_where=sa.text("processed_at IS NULL"), postgresql_where=sa.text("processed_at IS NULL"))
    bind = op.get_bind()
    raw = bind.execute(sa.text("SELECT value FROM settings WHERE key = :k"), {"k": CURSOR_KEY}).scalar()
    if raw is None:
        return
    value = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
    try:
        cursor = int(value or 0)
    except (TypeError, ValueError):
        cursor = 0
    at = bind.execute(sa.text("SELECT MAX(at) FROM tag_log WHERE id <= :c"), {"c": cursor}).scalar()
    bind.execute(sa.text("UPDATE tag_log SET processed_at = :at WHERE id <= :c"), {"at": at, "c": cursor})
    bind.execute(sa.text("DELETE FROM settings WHERE key = :k"), {"k": CURSOR_KEY})


def downgrade() -> None:
    """Drop the index and the column (the cursor is not restored: tag changes are seen again)."""
    op.drop_index("ix_tag_log_unprocessed", table_name="tag_log")
    with op.batch_alter_table("tag_log") as batch:
        batch.drop_column("processed_at")
