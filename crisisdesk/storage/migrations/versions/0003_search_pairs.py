"""The search index's one- and two-character table is made by SQLite's trigram tokenizer.

Revision ID: 0003_search_pairs
Revises: 0002_search_index
Create Date: 2026-11-21 18:00:00

Builds before this revision kept ``search_grams``: every distinct character and pair of a
comment, hex-encoded into tokens in Python, which cost more per comment than any other part
of storing it. ``search_pairs`` holds the folded text with a noncharacter between its
characters instead, and SQLite's trigram tokenizer makes the tokens (see
``storage.search``). A workspace that has ``search_grams`` gets ``search_pairs`` filled from
its comments here; one created by this build already has it (revision 0002 creates the
index as the current code defines it). PostgreSQL's index is unchanged.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect, text

from crisisdesk.analysis.stored_forms import grams, search_text
from crisisdesk.storage import search

revision = "0003_search_pairs"
down_revision = "0002_search_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Replace search_grams with search_pairs, filled from the stored comments."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    tables = set(inspect(conn).get_table_names())
    if "search_grams" not in tables:
        return
    conn.execute(text("DROP TABLE search_grams"))
    if "search_pairs" not in tables:
        search.create_pairs(conn)
        search.backfill_pairs(conn)


def downgrade() -> None:
    """Back to search_grams as builds before this revision read it."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.execute(text("DROP TABLE IF EXISTS search_pairs"))
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE search_grams USING fts5("
            "tokens, tokenize='unicode61', content='', columnsize=0, detail='none')"
        )
    )
    for rows in search.stored_texts(conn):
        conn.exec_driver_sql(
            "INSERT INTO search_grams(rowid, tokens) VALUES (?, ?)",
            [(cid, grams_document_0002(search_text(body))) for cid, body in rows],
        )


def grams_document_0002(folded: str) -> str:
    """The search_grams document of revision 0002: each gram as "x" + its UTF-8 in hex."""
    return " ".join("x" + gram.encode("utf-8").hex() for gram in grams(folded))
