"""Full-text search index for comments, and indexes for the inbox's sorts, views and counts.

Revision ID: 0002_search_index
Revises: 0001_initial
Create Date: 2026-11-21 09:00:00

The search objects (``search_*``) are not ORM tables: FTS5 virtual tables on SQLite, a
table with a GIN index on PostgreSQL. Comments already stored are indexed here, so an
existing workspace can be searched as soon as it is opened.
"""

from __future__ import annotations

from alembic import op

from crisisdesk.storage import search

revision = "0002_search_index"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the search index, fill it from the stored comments, add the inbox indexes."""
    conn = op.get_bind()
    search.create_objects(conn)
    search.backfill(conn)
    search.create_pg_indexes(conn)
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comments_priority_created", ["priority", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_comments_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_comments_status_sentiment", ["status", "sentiment", "created_at"], unique=False
        )


def downgrade() -> None:
    """Drop the search index and the inbox indexes."""
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index("ix_comments_status_sentiment")
        batch_op.drop_index("ix_comments_status_due")
        batch_op.drop_index("ix_comments_priority_created")
    search.drop_objects(op.get_bind())
