"""index of open order lines, for the per-SKU backlog at scale

Revision ID: 0008
Revises: 0001
Create Date: 2026-11-26

Only open lines are indexed (a partial index, on SQLite and PostgreSQL), by SKU
with kind, quantity and promised date alongside, so per-SKU sums of open
backorder and pre-order units read the index alone instead of every order line.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0001'
branch_labels = None
depends_on = None

NAME = 'ix_order_lines_sku_kind_qty_promised_on'
OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_index(NAME, 'order_lines', ['sku', 'kind', 'qty', 'promised_on'], unique=False,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index(NAME, table_name='order_lines')
