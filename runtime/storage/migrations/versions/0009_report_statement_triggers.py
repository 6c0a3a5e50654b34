"""PostgreSQL report triggers per statement, over the transition tables.

Revision ID: 0009_report_statement_triggers
Revises: 0008_report_batch
Create Date: 2026-12-07

The per-row plpgsql report triggers cost a PostgreSQL worker most of its time on the engine's
bulk inserts and updates. The triggers now run once per statement, counting the statement's
rows set-wise with the same specs a rebuild uses (``runtime.storage.report_aggregates``). SQLite's
triggers are re-installed unchanged. The aggregates stay the same.
"""

from __future__ import annotations

from alembic import op

revision = "0009_report_statement_triggers"
down_revision = "0008_report_batch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Re-install the triggers: per statement on PostgreSQL."""
    from runtime.storage import report_aggregates as aggregates

    aggregates.install(op.get_bind())


def downgrade() -> None:
    """Back to the per-row PostgreSQL triggers of revision 0008."""
    from runtime.storage import report_aggregates as aggregates

    aggregates.install(op.get_bind(), pg_per_statement=False)
