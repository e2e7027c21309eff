"""The schema revision this build writes, readable without loading SQLAlchemy or Alembic."""

from __future__ import annotations

# The newest revision this build knows; a test checks it equals Alembic's head, so start-up
# can skip loading Alembic when the database is already current.
HEAD = "0003_search_pairs"
