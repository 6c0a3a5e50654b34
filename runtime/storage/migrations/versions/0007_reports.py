"""Daily report aggregates: report_daily, report_active, report_zone and their triggers.

Revision ID: 0007_reports
Revises: 0006_runner_lease
Create Date: 2026-12-06

The triggers (``runtime.storage.report_aggregates``) keep the daily aggregates in the same
transaction as every change they count (on PostgreSQL as appended deltas, folded when a report is
read). Existing projects are backfilled from their base tables once, in
the reporting zone (the project's default time zone, else UTC).
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007_reports"
down_revision = "0006_runner_lease"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables, fill the zone, install the triggers and backfill."""
    from runtime.storage import report_aggregates as aggregates

    op.create_table(
        "report_daily",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("flow_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("dim", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("day", "flow_id", "step_id", "metric", "dim"),
    )
    op.create_table(
        "report_active",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("flow_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "flow_id", "contact_id"),
    )
    # PostgreSQL's triggers append here; reads fold the rows into the two tables above
    op.create_table(
        "report_delta",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("flow_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=200), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("dim", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "report_active_delta",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("flow_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "report_zone",
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("start_utc"),
    )
    conn = op.get_bind()
    zone = "UTC"
    raw = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'default_timezone'")).scalar()
    if raw is not None:
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:  # PostgreSQL hands JSON strings back already decoded
            value = raw
        if isinstance(value, str) and value:
            zone = value
    aggregates.fill_zone(conn, zone)
    conn.execute(sa.text("DELETE FROM settings WHERE key = 'report.zone_filled'"))
    cast = "CAST(:v AS JSON)" if conn.dialect.name == "postgresql" else ":v"
    conn.execute(sa.text(f"INSERT INTO settings (key, value) VALUES ('report.zone_filled', {cast})"), {"v": json.dumps(zone)})
    aggregates.install(conn, batched=False)  # the mute check comes with its table (0008)
    aggregates.rebuild(conn)


def downgrade() -> None:
    """Drop the triggers and tables."""
    from runtime.storage import report_aggregates as aggregates

    aggregates.drop(op.get_bind())
    op.drop_table("report_zone")
    op.drop_table("report_active_delta")
    op.drop_table("report_delta")
    op.drop_table("report_active")
    op.drop_table("report_daily")
