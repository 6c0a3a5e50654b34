"""Index contacts.updated_at.

Revision ID: 0002_contacts_updated_at
Revises: 0001_initial
Create Date: 2026-11-22

Realtime segments and date triggers ask for contacts changed since their cursor on every tick;
without this index that is a full scan of the contacts table.
"""

from __future__ import annotations

from alembic import op

revision = "0002_contacts_updated_at"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the index."""
    op.create_index("ix_contacts_updated_at", "contacts", ["updated_at"], unique=False)


def downgrade() -> None:
    """Drop the index."""
    op.drop_index("ix_contacts_updated_at", table_name="contacts")
