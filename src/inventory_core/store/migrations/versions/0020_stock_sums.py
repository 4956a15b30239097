"""stock is summed per SKU from an index: stock (sku, on_hand, reserved)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

Available stock per SKU (the SKU table, the allocation, alternatives) sums on hand and
reserved over a SKU's locations; with both in an index of their own the database reads
the index alone, in SKU order, instead of looking up each row.
"""

from __future__ import annotations

from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stock') as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_sku_on_hand_reserved'),
                              ['sku', 'on_hand', 'reserved'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('stock') as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_sku_on_hand_reserved'))
