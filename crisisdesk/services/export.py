"""Exporting comments as plain records (for CSV, JSON lines and XLSX)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account, Comment

PAGE = 5000


def iter_comment_records(db: Database) -> Iterator[dict[str, Any]]:
    """Every comment, oldest first, as a plain dict; read in keyset pages, never all at once."""
    with db.session() as session:
        names = dict(session.execute(select(Account.id, Account.name)).all())
    last = (None, 0)
    while True:
        with db.session() as session:
            q = select(
                Comment.id, Comment.account_id, Comment.platform, Comment.external_id,
                Comment.created_at, Comment.author_name, Comment.text, Comment.sentiment,
                Comment.intent, Comment.status,
            ).order_by(Comment.created_at, Comment.id).limit(PAGE)
            if last[0] is not None:
                q = q.where(
                    (Comment.created_at > last[0])
                    | ((Comment.created_at == last[0]) & (Comment.id > last[1]))
                )
            rows = session.execute(q).all()
        if not rows:
            return
        for r in rows:
            yield {
                "account": names.get(r.account_id, ""),
                "platform": r.platform,
                "platform_id": r.external_id,
                "time": r.created_at.isoformat(),
                "author": r.author_name,
                "text": r.text,
                "sentiment": r.sentiment,
                "intent": r.intent,
                "status": r.status,
            }
        last = (rows[-1].created_at, rows[-1].id)
