"""article classifier version and rule

Revision ID: 20261202_03
Revises: 20261125_01
Create Date: 2026-12-02 02:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "20261202_03"
down_revision: str | None = "20261125_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows classified before this column existed stay null: `reclassify --outdated` takes them.
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "classifier_version", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("rule", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("rule")
        batch_op.drop_column("classifier_version")
