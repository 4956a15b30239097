"""the outbox is found by order: an index on notifications.order_number

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

What an order's earlier updates told (its delay and ready notices) is looked up by
order number on every refresh and for the held notices' review; without an index each
look-up read the whole outbox.
"""

from __future__ import annotations

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_order_number'), ['order_number'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_order_number'))
