"""stock history and stored demand forecasts

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-01

``stock_history`` holds each SKU's available units and whether it could be sold, one
row per SKU and day, recorded at every import and refresh; ``forecasts`` holds each
SKU's demand forecast, so pages only read it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'stock_history',
        sa.Column('sku', sa.String(length=100), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('available', sa.Integer(), nullable=False),
        sa.Column('sellable', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_stock_history_sku_products'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('sku', 'day', name=op.f('pk_stock_history')),
    )
    op.create_table(
        'forecasts',
        sa.Column('sku', sa.String(length=100), nullable=False),
        sa.Column('made_on', sa.Date(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=False),
        sa.Column('daily_units', sa.Float(), nullable=False),
        sa.Column('low', sa.Float(), nullable=False),
        sa.Column('high', sa.Float(), nullable=False),
        sa.Column('sigma', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_forecasts_sku_products'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('sku', name=op.f('pk_forecasts')),
    )


def downgrade() -> None:
    op.drop_table('forecasts')
    op.drop_table('stock_history')
