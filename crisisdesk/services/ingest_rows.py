"""New comment rows written a page at a time: built column by column, one INSERT per page.

Sync stores every comment the platforms send, so the per-row cost of this insert bounds the
sync's throughput. On SQLite the page goes to the driver as one multi-row
`INSERT ... VALUES ... RETURNING`, each column converted by its own SQLAlchemy bind
conversion (a column equal on every row, once per page): the stored values are exactly
what a Core insert stores, without its per-row parameter processing. PostgreSQL keeps the
Core insert, which SQLAlchemy already sends as multi-row VALUES there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import chain, repeat
from typing import Any

from sqlalchemy import JSON, Connection, Table
from sqlalchemy.orm import Session

from crisisdesk.analysis.stored_forms import analysis_json, storable
from crisisdesk.analysis.wire import Prepared
from crisisdesk.connectors.base import RemoteComment
from crisisdesk.domain import AnalysisResult, Intent, Sentiment
from crisisdesk.services.deadlines import DeadlineRules
from crisisdesk.storage.rowids import rowids_follow_order
from crisisdesk.storage.schema import Comment
from crisisdesk.storage.schema_base import UTCDateTime, sqlite_utc_text

comments_t: Table = Comment.__table__  # type: ignore[assignment]

# SQLite allows 32,766 bound parameters in one statement; a page stays well under it.
MAX_PARAMETERS = 10_000
# Lookups by external id go in chunks of this many, well under the same limit.
LOOKUP_CHUNK = 2000


def chunks(items: Sequence[str], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[str]]:
    """items in consecutive slices of at most size."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def existing_ids(session: Session, account_id: int, external_ids: Sequence[str]) -> set[str]:
    """Which of these external ids the account already has as comments."""
    # Sent to the driver as plain SQL: SQLAlchemy's expanding IN costs more than the lookup
    # (this runs twice for every page a sync stores).
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    known: set[str] = set()
    for chunk in chunks(external_ids):
        sql = (
            f"SELECT external_id FROM {comments_t.name} WHERE account_id = {mark} "
            f"AND external_id IN ({', '.join(repeat(mark, len(chunk)))})"
        )
        known.update(row[0] for row in conn.exec_driver_sql(sql, (account_id, *chunk)))
    return known


Reading = AnalysisResult | Prepared  # read in this process, or ahead in the analysis process


def analysis_column(found: Sequence[Reading], *, as_text: bool) -> list[Any]:
    """The `analysis` column's values: dicts, or JSON text where the analysis process made it.

    as_text: the insert takes JSON text as it is (SQLite's driver insert); otherwise the
    process's text is read back into the dict the JSON type writes.
    """
    return [
        analysis_json(a)
        if isinstance(a, AnalysisResult)
        else (a.analysis_text if as_text else json.loads(a.analysis_text))
        for a in found
    ]


def comment_rows(
    *,
    account_id: int,
    platform: str,
    fresh: Sequence[RemoteComment],
    found: Sequence[Reading],
    post_ids: dict[str, int],
    rules: DeadlineRules,
    now: datetime,
    analysis_as_text: bool = False,
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The values of new comment rows: (columns equal on every row, columns per row).

    analysis_as_text: see analysis_column (only for insert_comments on SQLite).
    """
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
        "analysis": analysis_column(found, as_text=analysis_as_text),
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
    kind = comments_t.c[name].type
    if dialect.name == "sqlite" and isinstance(kind, UTCDateTime):
        return sqlite_utc_text  # the same text as the two layers below, in one call
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    if process is not None and isinstance(kind, JSON):
        # JSON the analysis process already wrote (see analysis_column) goes in as it is.
        encode = process
        return lambda value: value if type(value) is str else encode(value)
    return process


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
    # RETURNING promises no order: sorted ids are the rows' order when SQLite numbers them
    # in turn (see rowids_follow_order); otherwise each id comes with its external id.
    in_order = rowids_follow_order(conn, comments_t.name, n)
    returning = " RETURNING id" if in_order else " RETURNING id, external_id"
    found: dict[str, int] = {}
    for i in range(0, n, per_statement):
        chunk = rows[i : i + per_statement]
        sql = head + ", ".join(repeat(group, len(chunk))) + returning
        result = conn.exec_driver_sql(sql, tuple(chain.from_iterable(chunk))).all()
        if in_order:
            externals = columns["external_id"][i : i + per_statement]
            found.update(zip(externals, sorted(int(r[0]) for r in result), strict=True))
        else:
            found.update({str(ext): int(cid) for cid, ext in result})
    return found
