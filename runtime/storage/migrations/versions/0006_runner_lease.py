"""The runner lease: one runner advances a project at a time.

Revision ID: 0006_runner_lease
Revises: 0005_inbound_api
Create Date: 2026-12-06

The designer's embedded runtime and ``flowcanvas run`` take this row before they tick, so two
of them never advance the same project file at once (see ``runtime.engine.lease``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_runner_lease"
down_revision = "0005_inbound_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the lease table."""
    op.create_table(
        "runner_lease",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("host", sa.String(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    """Drop the lease table."""
    op.drop_table("runner_lease")
