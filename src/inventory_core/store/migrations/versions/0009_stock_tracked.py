"""products say whether the store tracks their stock

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

A Shopify variant with a blank inventory tracker, a WooCommerce product whose stock
is not managed, a Magento product with manage_stock 0: the store sells it without
limit. ``stock_tracked`` false marks it so (storefront state "Not tracked"); every
product stored before is tracked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('stock_tracked', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('products') as batch:
        batch.drop_column('stock_tracked')
