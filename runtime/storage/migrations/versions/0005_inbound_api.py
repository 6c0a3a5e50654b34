"""Inbound HTTP API: hashed API tokens and idempotency records.

Revision ID: 0005_inbound_api
Revises: 0004_tags_search
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_inbound_api"
down_revision = "0004_tags_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``api_tokens`` and ``inbound_requests``."""
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("digest"),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "inbound_requests",
        sa.Column("token_id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_inbound_requests_created_at", "inbound_requests", ["created_at"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index("ix_inbound_requests_created_at", table_name="inbound_requests")
    op.drop_table("inbound_requests")
    op.drop_table("api_tokens")
