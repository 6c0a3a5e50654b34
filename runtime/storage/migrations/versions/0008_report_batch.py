"""Report counting of bulk inserts: the ``report_mute`` table and the triggers that honour it.

Revision ID: 0008_report_batch
Revises: 0007_reports
Create Date: 2026-12-06

The engine inserts step-log rows, outbox rows and executions in batches; on SQLite it mutes the
per-row report triggers of those tables for its own transaction and counts the batch with one
statement per metric (``runtime.storage.report_batch``). The aggregates stay the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_report_batch"
down_revision = "0007_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the mute table and re-install the triggers with their mute check."""
    from runtime.storage import report_aggregates as aggregates

    op.create_table(
        "report_mute",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("table_name"),
    )
    aggregates.install(op.get_bind())


def downgrade() -> None:
    """Triggers without the mute check, then drop the table."""
    from runtime.storage import report_aggregates as aggregates

    aggregates.install(op.get_bind(), batched=False)
    op.drop_table("report_mute")
