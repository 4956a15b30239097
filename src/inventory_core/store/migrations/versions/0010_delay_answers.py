"""customers' answers to delays (Wait / Cancel) from the order-status page

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('delay_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_number', sa.String(length=100), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('wait', 'cancel', name='delay_answer', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=True),
    sa.Column('answered_by', sa.String(length=320), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['order_number'], ['orders.order_number'], name=op.f('fk_delay_answers_order_number_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delay_answers'))
    )
    with op.batch_alter_table('delay_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delay_answers_order_number'), ['order_number'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('delay_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delay_answers_order_number'))
    op.drop_table('delay_answers')
