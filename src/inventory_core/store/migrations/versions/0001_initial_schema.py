"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=20), nullable=False),
    sa.Column('entity_key', sa.String(length=100), nullable=False),
    sa.Column('field', sa.String(length=50), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.CheckConstraint("entity IN ('policy', 'purchase_order')", name=op.f('ck_changes_entity_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_changes'))
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_changes_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_changes_entity_entity_key'), ['entity', 'entity_key'], unique=False)

    op.create_table('orders',
    sa.Column('order_number', sa.String(length=100), nullable=False),
    sa.Column('customer_email', sa.String(length=320), nullable=True),
    sa.Column('customer_name', sa.String(length=200), nullable=True),
    sa.Column('placed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('order_number', name=op.f('pk_orders'))
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_customer_email'), ['customer_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_placed_at'), ['placed_at'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('suppliers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.CheckConstraint('lead_time_days >= 0', name=op.f('ck_suppliers_lead_time_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppliers')),
    sa.UniqueConstraint('name', name=op.f('uq_suppliers_name'))
    )
    op.create_table('products',
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('group_key', sa.String(length=255), nullable=True),
    sa.Column('option1', sa.String(length=255), nullable=True),
    sa.Column('option2', sa.String(length=255), nullable=True),
    sa.Column('option3', sa.String(length=255), nullable=True),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('cost', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('launch_date', sa.Date(), nullable=True),
    sa.Column('discontinued', sa.Boolean(), nullable=False),
    sa.Column('low_stock_at', sa.Integer(), nullable=True),
    sa.CheckConstraint('cost >= 0', name=op.f('ck_products_cost_not_negative')),
    sa.CheckConstraint('low_stock_at >= 0', name=op.f('ck_products_low_stock_at_not_negative')),
    sa.CheckConstraint('price >= 0', name=op.f('ck_products_price_not_negative')),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_products_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('sku', name=op.f('pk_products'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_products_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('back_in_stock', 'release', 'backorder_delay', 'backorder_ready', name='notification_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=True),
    sa.Column('order_number', sa.String(length=100), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'sent', 'dismissed', name='notification_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('dedupe_key', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_notifications_sku_products'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notifications_dedupe_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_status'), ['status'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_number', sa.String(length=100), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('kind', sa.Enum('stock', 'backorder', 'preorder', name='line_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('open', 'fulfilled', 'cancelled', name='line_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=True),
    sa.Column('fulfilled_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('qty > 0', name=op.f('ck_order_lines_qty_positive')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_order_lines_unit_price_not_negative')),
    sa.ForeignKeyConstraint(['order_number'], ['orders.order_number'], name=op.f('fk_order_lines_order_number_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_order_lines_sku_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines')),
    sa.UniqueConstraint('order_number', 'line_no', name=op.f('uq_order_lines_order_number_line_no'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_sku_status'), ['sku', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lines_status_kind'), ['status', 'kind'], unique=False)

    op.create_table('policies',
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.Enum('stock', 'backorder', 'preorder', 'out_of_stock', 'discontinued', name='policy_mode', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('cap', sa.Integer(), nullable=True),
    sa.Column('restock_date', sa.Date(), nullable=True),
    sa.Column('release_date', sa.Date(), nullable=True),
    sa.Column('button_label', sa.String(length=100), nullable=True),
    sa.Column('customer_note', sa.String(length=500), nullable=True),
    sa.Column('discount_pct', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('auto_switch', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint('cap >= 0', name=op.f('ck_policies_cap_not_negative')),
    sa.CheckConstraint('discount_pct >= 0 AND discount_pct <= 100', name=op.f('ck_policies_discount_pct_in_range')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_policies_version_positive')),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_policies_sku_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sku', name=op.f('pk_policies'))
    )
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policies_mode'), ['mode'], unique=False)

    op.create_table('purchase_orders',
    sa.Column('po_number', sa.String(length=100), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('ordered_on', sa.Date(), nullable=False),
    sa.Column('expected_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'received', 'cancelled', name='po_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('expected_on >= ordered_on', name=op.f('ck_purchase_orders_expected_after_ordered')),
    sa.CheckConstraint('qty > 0', name=op.f('ck_purchase_orders_qty_positive')),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_purchase_orders_sku_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_purchase_orders_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('po_number', name=op.f('pk_purchase_orders'))
    )
    with op.batch_alter_table('purchase_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_orders_sku_status'), ['sku', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_orders_status_expected_on'), ['status', 'expected_on'], unique=False)

    op.create_table('stock',
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('reserved', sa.Integer(), nullable=False),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_stock_on_hand_not_negative')),
    sa.CheckConstraint('reserved >= 0', name=op.f('ck_stock_reserved_not_negative')),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_stock_sku_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sku', 'location', name=op.f('pk_stock'))
    )
    op.create_table('subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('kind', sa.Enum('back_in_stock', 'release', name='subscription_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('notified_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['sku'], ['products.sku'], name=op.f('fk_subscriptions_sku_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscriptions')),
    sa.UniqueConstraint('sku', 'email', 'kind', name=op.f('uq_subscriptions_sku_email_kind'))
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table('subscriptions')
    op.drop_table('stock')
    with op.batch_alter_table('purchase_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_orders_status_expected_on'))
        batch_op.drop_index(batch_op.f('ix_purchase_orders_sku_status'))

    op.drop_table('purchase_orders')
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policies_mode'))

    op.drop_table('policies')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_status_kind'))
        batch_op.drop_index(batch_op.f('ix_order_lines_sku_status'))

    op.drop_table('order_lines')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_status'))

    op.drop_table('notifications')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_products_category'))

    op.drop_table('products')
    op.drop_table('suppliers')
    op.drop_table('settings')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_placed_at'))
        batch_op.drop_index(batch_op.f('ix_orders_customer_email'))

    op.drop_table('orders')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_changes_entity_entity_key'))
        batch_op.drop_index(batch_op.f('ix_changes_changed_at'))

    op.drop_table('changes')
    # ### end Alembic commands ###
