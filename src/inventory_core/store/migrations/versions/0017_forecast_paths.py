"""stored forecasts keep their days ahead

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

``forecasts.path`` holds each SKU's forecast day by day for the stored days ahead (JSON:
the most likely units, p10, p90 and the expected units of each day), so the drill-down
draws it without forecasting again. Forecasts stored before have none until the next
refresh.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('forecasts', sa.Column('path', sa.Text(), nullable=False,
                                         server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('forecasts') as batch:
        batch.drop_column('path')
