"""New comment rows written a page at a time: built column by column, one INSERT per page.

Sync stores every comment the platforms send, so the per-row cost of this insert bounds the
sync's throughput. On SQLite the page goes to the driver as one multi-row
`INSERT ... VALUES ... RETURNING`, each column converted by its own SQLAlchemy bind
conversion (a column equal on every row, once per page): the stored values are exactly
what a Core insert stores, without its per-row parameter processing. PostgreSQL keeps the
Core insert, which SQLAlchemy already sends as multi-row VALUES there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import chain, repeat
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.orm import Session

from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AnalysisResult, Intent, Sentiment
from crisisdesk.services.deadlines import DeadlineRules
from crisisdesk.services.waves import storable
from crisisdesk.storage.schema import Comment

comments_t: Table = Comment.__table__  # type: ignore[assignment]

# SQLite allows 32,766 bound parameters in one statement; a page stays well under it.
MAX_PARAMETERS = 10_000


def analysis_json(a: AnalysisResult) -> dict[str, Any]:
    """The comment's `analysis` column: keywords, intent evidence, watch hits, features."""
    # The lists go to the JSON encoder as they are: it writes a list and a tuple alike.
    return {
        "keywords": a.keywords,
        "intent_evidence": a.intent_evidence,
        "watch_hits": [
            {"word": h.word, "list": h.list_name, "start": h.start, "end": h.end}
            for h in a.watch_hits
        ],
        "features": {k: v for k, v in a.features.items() if v},
    }


def comment_rows(
    *,
    account_id: int,
    platform: str,
    fresh: Sequence[RemoteComment],
    found: Sequence[AnalysisResult],
    post_ids: dict[str, int],
    rules: DeadlineRules,
    now: datetime,
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The values of new comment rows: (columns equal on every row, columns per row)."""
    constants: dict[str, Any] = {
        "account_id": account_id,
        "platform": platform,
        "fetched_at": now,
        "sentiment_corrected": False,
        "intent_corrected": False,
        "status": "new",
        "version": 1,
    }
    # A deadline depends only on the reading: one offset per (sentiment, intent) pair.
    offsets: dict[tuple[Sentiment, Intent], timedelta] = {}
    for a in found:
        pair = (a.sentiment, a.intent)
        if pair not in offsets:
            offsets[pair] = rules.due_at(created_at=now, sentiment=pair[0], intent=pair[1]) - now
    columns: dict[str, list[Any]] = {
        "external_id": [c.external_id for c in fresh],
        "post_id": [
            post_ids.get(c.post_external_id) if c.post_external_id else None for c in fresh
        ],
        "parent_external_id": [c.parent_external_id for c in fresh],
        "author_id": [storable(c.author_id) for c in fresh],
        "author_name": [storable(c.author_name) for c in fresh],
        "text": [storable(c.text) for c in fresh],
        "normalized_text": [a.normalized for a in found],
        "created_at": [c.created_at for c in fresh],
        "like_count": [c.like_count for c in fresh],
        "sentiment": [a.sentiment.value for a in found],
        "sentiment_score": [a.score for a in found],
        "sentiment_confidence": [a.confidence for a in found],
        "intent": [a.intent.value for a in found],
        "analysis": [analysis_json(a) for a in found],
        "watch_hit_count": [len(a.watch_hits) for a in found],
        "simhash": [a.simhash for a in found],
        "priority": [1 if a.watch_hits else 0 for a in found],
        "due_at": [
            c.created_at + offsets[a.sentiment, a.intent] for c, a in zip(fresh, found, strict=True)
        ],
    }
    return constants, columns


def insert_comments(
    session: Session, constants: dict[str, Any], columns: dict[str, list[Any]]
) -> list[int]:
    """Insert the rows (external ids new and distinct for the account); their ids, in row order."""
    externals: list[str] = columns["external_id"]
    if not externals:
        return []
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        by_external = _driver_insert(conn, constants, columns)
    else:
        names = [*constants, *columns]
        n = len(externals)
        rows = [
            dict(zip(names, values, strict=True))
            for values in zip(
                *(repeat(v, n) for v in constants.values()), *columns.values(), strict=True
            )
        ]
        table = comments_t
        stmt = table.insert().returning(table.c.id, table.c.external_id)
        by_external = {str(ext): int(cid) for cid, ext in conn.execute(stmt, rows)}
    # RETURNING rows come in no promised order; the external ids say whose id is whose.
    return [by_external[e] for e in externals]


def _bind(conn: Connection, name: str) -> Any:
    """The column's bind conversion for this connection's dialect (None: values pass as is)."""
    dialect = conn.dialect
    return comments_t.c[name].type.dialect_impl(dialect).bind_processor(dialect)


def _driver_insert(
    conn: Connection, constants: dict[str, Any], columns: dict[str, list[Any]]
) -> dict[str, int]:
    n = len(columns["external_id"])
    names = [*constants, *columns]
    values: list[Any] = []
    for name, value in constants.items():
        process = _bind(conn, name)
        values.append(repeat(process(value) if process else value, n))
    for name, column in columns.items():
        process = _bind(conn, name)
        values.append(list(map(process, column)) if process else column)
    rows = list(zip(*values, strict=True))
    quote = conn.dialect.identifier_preparer.quote
    head = f"INSERT INTO {comments_t.name} ({', '.join(quote(c) for c in names)}) VALUES "
    group = "(" + ", ".join("?" for _ in names) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(names))
    found: dict[str, int] = {}
    for i in range(0, n, per_statement):
        chunk = rows[i : i + per_statement]
        sql = head + ", ".join(repeat(group, len(chunk))) + " RETURNING id, external_id"
        result = conn.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))
        found.update({str(ext): int(cid) for cid, ext in result.all()})
    return found
