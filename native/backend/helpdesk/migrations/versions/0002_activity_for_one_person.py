"""Activity addressed to one person: read state carried over by an archive

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ticket_activity", sa.Column("for_user_id", sa.Integer(), nullable=True))
    op.create_foreign_key("fk_ticket_activity_for_user", "ticket_activity", "users",
                          ["for_user_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    op.drop_constraint("fk_ticket_activity_for_user", "ticket_activity", type_="foreignkey")
    op.drop_column("ticket_activity", "for_user_id")
