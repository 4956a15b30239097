"""indexes for two reads at scale: stock (sku, on_hand, reserved), notifications by order

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

Available stock per SKU (the SKU table, the allocation, alternatives) sums on hand and
reserved over a SKU's locations: with both in an index of their own the database reads
the index alone, in SKU order, instead of looking up each row. What an order's earlier
updates told (its delay and ready notices) is looked up by order number on every
refresh and for the held notices' review: without an index each look-up read the whole
outbox.
"""

from __future__ import annotations

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stock') as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_sku_on_hand_reserved'),
                              ['sku', 'on_hand', 'reserved'], unique=False)
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_order_number'), ['order_number'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_order_number'))
    with op.batch_alter_table('stock') as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_sku_on_hand_reserved'))
