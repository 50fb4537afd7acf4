"""the share a push message tells about

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 18:10:00.000000
"""

import re

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('push_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_push_message_share_id'), ['share_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_push_message_share_id_share'), 'share', ['share_id'], ['id'],
                                    ondelete='CASCADE')
    # Messages already waiting named their share only in their address (/inbox/<id>).
    bind = op.get_bind()
    message = sa.table('push_message', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                       sa.column('url', sa.String), sa.column('share_id', sa.Integer))
    share = sa.table('share', sa.column('id', sa.Integer))
    rows = bind.execute(sa.select(message.c.id, message.c.url).where(message.c.kind == 'new_share')).all()
    for row in rows:
        match = re.fullmatch(r"/inbox/([0-9]{1,18})", row.url)
        if match is None:
            continue
        share_id = int(match.group(1))
        if bind.execute(sa.select(share.c.id).where(share.c.id == share_id)).first() is None:
            bind.execute(sa.delete(message).where(message.c.id == row.id))  # its share is gone
        else:
            bind.execute(sa.update(message).where(message.c.id == row.id).values(share_id=share_id))


def downgrade() -> None:
    with op.batch_alter_table('push_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_push_message_share_id_share'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_push_message_share_id'))
        batch_op.drop_column('share_id')
