"""products say whether their price is known

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

A variant first met in an inventory export comes without a price: ``price_known``
false marks it so until the products export states it, and the pages show the price as
unknown instead of 0. Every product stored before had its price from a file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('price_known', sa.Boolean(), nullable=False,
                                        server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table('products') as batch:
        batch.drop_column('price_known')
