"""The newest comments read straight from a SQLite workspace file, before SQLAlchemy is loaded.

The window shows them while the workspace opens properly (migrations checked, services ready).
Only a current CrisisDesk workspace is read, read-only; anything unexpected gives None and
start-up takes the ordinary path, which explains any problem itself.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crisisdesk.storage.revision import HEAD

# The inbox row's columns, in the order services.inbox_values.inbox_row reads them.
_ROW_SQL = """
SELECT c.id, c.created_at, c.platform, c.account_id, a.name, c.author_name, c.text,
       c.sentiment, c.intent, c.wave_id, w.size, c.status, c.priority, c.assignee_id,
       o.display_name, c.assignee_role, c.incident_id, c.due_at, c.like_count, c.version
FROM comments AS c
JOIN accounts AS a ON a.id = c.account_id
LEFT OUTER JOIN waves AS w ON w.id = c.wave_id
LEFT OUTER JOIN operators AS o ON o.id = c.assignee_id
WHERE c.id IN ({marks})
"""
_TIME_COLUMNS = (1, 17)  # created_at, due_at: stored as naive UTC text


@dataclass(frozen=True, slots=True)
class NewestComments:
    """Rows in newest-first order, with each comment's watch-words and tags."""

    rows: list[tuple[Any, ...]]
    watch_words: dict[int, list[str]]
    tags: dict[int, list[str]]


def newest_comments(path: Path, limit: int) -> NewestComments | None:
    """The `limit` newest comments of the workspace at path, or None when it is not simply readable."""
    if limit < 1 or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5, check_same_thread=False
        )
    except (sqlite3.Error, ValueError):
        return None
    try:
        return _read(conn, limit)
    except sqlite3.Error:
        return None  # locked, damaged, another program's database: the ordinary path says why
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, limit: int) -> NewestComments | None:
    if conn.execute("SELECT version_num FROM alembic_version").fetchall() != [(HEAD,)]:
        return None  # older (to be migrated) or newer (to be refused): not ours to read
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT id FROM comments ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
        )
    ]
    if not ids:
        return NewestComments([], {}, {})
    marks = ",".join("?" * len(ids))
    words: dict[int, list[str]] = {}
    for cid, word in conn.execute(
        f"SELECT comment_id, word FROM comment_watch_hits WHERE comment_id IN ({marks}) ORDER BY id",
        ids,
    ):
        if word not in words.setdefault(cid, []):
            words[cid].append(word)
    tags: dict[int, list[str]] = {}
    for cid, name in conn.execute(
        "SELECT ct.comment_id, t.name FROM comment_tags AS ct JOIN tags AS t ON t.id = ct.tag_id "
        f"WHERE ct.comment_id IN ({marks}) ORDER BY t.name",
        ids,
    ):
        tags.setdefault(cid, []).append(name)
    by_id = {r[0]: _typed(r) for r in conn.execute(_ROW_SQL.format(marks=marks), ids)}
    return NewestComments([by_id[i] for i in ids if i in by_id], words, tags)


def _typed(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Times as aware UTC datetimes, as the ORM column type gives them."""
    out = list(row)
    for i in _TIME_COLUMNS:
        if out[i] is not None:
            out[i] = datetime.fromisoformat(out[i]).replace(tzinfo=UTC)
    return tuple(out)
