"""a suggested guide page in an answer

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 17:05:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('share_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guide_page', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('share_response', schema=None) as batch_op:
        batch_op.drop_column('guide_page')
