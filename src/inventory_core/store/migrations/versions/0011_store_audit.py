"""the audit also records changes to the whole store (starting an empty store)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

``changes.entity`` may be ``store`` besides ``policy`` and ``purchase_order``:
starting an empty store is audited as one row saying what the store held.
"""

from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

NAME = 'ck_changes_entity_known'


def upgrade() -> None:
    with op.batch_alter_table('changes') as batch:
        batch.drop_constraint(op.f(NAME), type_='check')
        batch.create_check_constraint(op.f(NAME),
                                      "entity IN ('policy', 'purchase_order', 'store')")


def downgrade() -> None:
    op.execute("DELETE FROM changes WHERE entity = 'store'")
    with op.batch_alter_table('changes') as batch:
        batch.drop_constraint(op.f(NAME), type_='check')
        batch.create_check_constraint(op.f(NAME), "entity IN ('policy', 'purchase_order')")
