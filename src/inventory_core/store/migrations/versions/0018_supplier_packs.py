"""suppliers say how they sell: units per pack and the smallest order

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

The Replenishment list rounds a suggested quantity up to a whole number of the
supplier's packs and to at least its minimum order, where the store knows them
(blank: no rounding).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('suppliers', sa.Column('pack_size', sa.Integer(), nullable=True))
    op.add_column('suppliers', sa.Column('min_order_qty', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('suppliers') as batch:
        batch.drop_column('min_order_qty')
        batch.drop_column('pack_size')
