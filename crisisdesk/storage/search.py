"""Full-text search over comments in Chinese: an index kept in the ingest transaction.

Chinese has no spaces, so a word index misses what a reader would call a match. The index
therefore works on characters, and a query term matches exactly where it occurs as a
substring of the comment (after folding width and case):

* SQLite: ``search_trigram``, an FTS5 table with the trigram tokenizer, answers terms of
  three characters or more (a phrase of consecutive trigrams is a substring); and
  ``search_pairs``, an FTS5 trigram table over the folded text with a noncharacter (GAP)
  between its characters, answers terms of one or two characters: the trigram GAP c GAP
  stands for the character c, and a GAP b for the pair ab (see
  `analysis.stored_forms.pair_document`). SQLite makes those tokens in C; punctuation and
  emoji are characters like any other. Both are contentless: the text lives once, in
  ``comments``. (Migration 0003 replaced ``search_grams``, whose tokens were hex-encoded
  grams built in Python, at several times the cost per comment.)
* PostgreSQL: ``search_docs`` holds the folded text with a pg_trgm GIN index, which serves
  ``LIKE '%term%'`` for terms of three characters or more (confirmed on the row, so always
  exact), and the text's distinct characters and pairs as a ``text[]`` with a GIN index for
  terms of one or two characters, which trigrams cannot serve.

Every object is named ``search_*`` and created by migrations 0002 and 0003 only; the schema
check ignores that prefix (see ``is_search_object``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Integer,
    Select,
    Text,
    and_,
    any_,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from crisisdesk.analysis.stored_forms import (
    fold,
    grams,
    pair_document,
    pair_token,
    search_text,
)

PREFIX = "search_"
BACKFILL_BATCH = 20_000

_trigram = table("search_trigram", column("rowid"))
_pairs = table("search_pairs", column("rowid"))
_docs = table("search_docs", column("comment_id"), column("body"), column("grams"))


def is_search_object(name: str | None) -> bool:
    """True for the index's own tables and indexes (kept out of the ORM schema comparison)."""
    return bool(name) and str(name).startswith(PREFIX)


def parse_query(query: str) -> list[str]:
    """Folded search terms: whitespace separates terms (ANDed); double quotes keep a phrase."""
    terms: list[str] = []
    folded = fold(query).replace("“", '"').replace("”", '"')
    parts = folded.split('"')
    for i, part in enumerate(parts):
        if i % 2 == 1:  # inside quotes: one phrase, inner spacing kept but not at the ends
            phrase = " ".join(part.split())
            if phrase:
                terms.append(phrase)
        else:
            terms.extend(part.split())
    return list(dict.fromkeys(terms))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split by the index that answers each term."""

    long_terms: tuple[str, ...]  # three characters or more
    short_terms: tuple[str, ...]  # one or two characters

    @property
    def empty(self) -> bool:
        return not self.long_terms and not self.short_terms


def split_query(query: str) -> ParsedQuery:
    """Parse a query and sort its terms by length."""
    terms = parse_query(query)
    return ParsedQuery(
        tuple(t for t in terms if len(t) >= 3), tuple(t for t in terms if len(t) < 3)
    )


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _long_match(parsed: ParsedQuery) -> str:
    """search_trigram's MATCH expression: every long term as a phrase of its trigrams."""
    return " AND ".join(_fts_phrase(t) for t in parsed.long_terms)


def _short_match(parsed: ParsedQuery) -> str:
    """search_pairs' MATCH expression: every short term as its one pair token."""
    return " AND ".join(_fts_phrase(pair_token(t)) for t in parsed.short_terms)


def _pairs_matching(parsed: ParsedQuery) -> Select[Any]:
    """The rowids of search_pairs that hold every short term."""
    return select(_pairs.c.rowid).where(
        literal_column("search_pairs").op("MATCH")(_short_match(parsed))
    )


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_condition(
    dialect: str, query: str, id_column: Any, *, drive: bool = True
) -> ColumnElement[bool] | None:
    """A WHERE condition on a comment-id column for the query (None when it has no terms).

    drive=False (SQLite) keeps the planner from starting at the matches: for a common word
    it is faster to walk the sort order's index and test each row against the matches.
    """
    parsed = split_query(query)
    if parsed.empty:
        return None
    if dialect == "sqlite":
        if not drive:
            id_column = id_column + 0  # not indexable: the ORDER BY index leads
        conds: list[ColumnElement[bool]] = []
        if parsed.long_terms:
            expr = _long_match(parsed)
            sub = select(_trigram.c.rowid).where(literal_column("search_trigram").op("MATCH")(expr))
            conds.append(id_column.in_(sub))
        if parsed.short_terms:
            conds.append(id_column.in_(_pairs_matching(parsed)))
        return and_(*conds)
    where = _pg_where(parsed)
    # The matches are gathered once into an array (an InitPlan), which PostgreSQL then either
    # looks up by primary key or hashes while walking the sort order's index; a plain IN lets
    # the planner probe the index once per walked row, which is slow for rare words.
    matches = select(func.array_agg(_docs.c.comment_id)).where(and_(*where)).scalar_subquery()
    found: ColumnElement[bool] = id_column == any_(cast(matches, ARRAY(Integer)))
    return found


def _pg_where(parsed: ParsedQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if parsed.short_terms:
        wanted = list(parsed.short_terms)
        where.append(_docs.c.grams.op("@>")(literal(wanted, type_=ARRAY(Text))))
    for term in parsed.long_terms:
        where.append(_docs.c.body.like(_like_pattern(term), escape="\\"))
    return where


def count_in_index(session: Session, query: str) -> int:
    """How many comments match, from the index alone (on SQLite, see ``forget``)."""
    parsed = split_query(query)
    if parsed.empty:
        return int(session.execute(text("SELECT count(*) FROM comments")).scalar_one())
    if session.get_bind().dialect.name == "postgresql":
        stmt = select(func.count()).select_from(_docs).where(*_pg_where(parsed))
        return int(session.execute(stmt).scalar_one())
    if parsed.long_terms and parsed.short_terms:
        sql = (
            "SELECT count(*) FROM search_trigram WHERE search_trigram MATCH :long "
            "AND rowid IN (SELECT rowid FROM search_pairs WHERE search_pairs MATCH :short)"
        )
    elif parsed.long_terms:
        sql = "SELECT count(*) FROM search_trigram WHERE search_trigram MATCH :long"
    else:
        sql = "SELECT count(*) FROM search_pairs WHERE search_pairs MATCH :short"
    params = {"long": _long_match(parsed), "short": _short_match(parsed)}
    return int(session.execute(text(sql), params).scalar_one())


def estimate_matches(session: Session, query: str, *, cap: int) -> int:
    """SQLite: how many comments match, counted only up to cap, from the index alone."""
    parsed = split_query(query)
    if parsed.empty:
        return cap
    found = cap
    for name, terms, expr in (
        ("search_trigram", parsed.long_terms, _long_match(parsed)),
        ("search_pairs", parsed.short_terms, _short_match(parsed)),
    ):
        if terms:
            sql = f"SELECT count(*) FROM (SELECT rowid FROM {name} WHERE {name} MATCH :e LIMIT :n)"
            n = session.execute(text(sql), {"e": expr, "n": cap}).scalar_one()
            found = min(found, int(n))
    return found


# --- keeping the index -----------------------------------------------------------------------


def _rows(pairs: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(int(cid), fold(body or "")) for cid, body in pairs]


def index_comments(
    bind: Session | Connection,
    pairs: Sequence[tuple[int, str]],
    docs: Sequence[str | None] | None = None,
) -> None:
    """Add comments (id, original text) to the index, inside the caller's transaction.

    docs: the texts' folded forms where already made (see stored_forms.search_text), in
    the order of pairs; the others are made here.
    """
    if not pairs:
        return
    conn = bind.connection() if isinstance(bind, Session) else bind
    dialect = conn.dialect.name
    # Plain ints and strings: handed to the driver's executemany as they are, which spares
    # SQLAlchemy's per-row parameter processing (the index is written for every new comment).
    if dialect == "sqlite":
        folded = [
            search_text(body) if doc is None else doc
            for (_cid, body), doc in zip(pairs, docs or repeat(None), strict=False)
        ]
        ids = [int(cid) for cid, _body in pairs]
        conn.exec_driver_sql(
            "INSERT INTO search_trigram(rowid, body) VALUES (?, ?)", list(zip(ids, folded, strict=True))
        )
        insert_pairs(conn, ids, folded)
    elif dialect == "postgresql":
        conn.exec_driver_sql(
            "INSERT INTO search_docs (comment_id, body, grams) VALUES (%s, %s, %s) "
            "ON CONFLICT (comment_id) DO NOTHING",
            [(cid, body, grams(body)) for cid, body in _rows(pairs)],
        )
    else:
        raise ValueError(f"no search index for {dialect}")


def forget(bind: Session | Connection, pairs: Sequence[tuple[int, str]]) -> None:
    """Take comments (id, original text) out of the index before they are deleted.

    PostgreSQL does this by itself (ON DELETE CASCADE). SQLite's contentless tables need the
    indexed values to delete, so a service deleting comments calls this first; until then a
    deleted comment is still counted by ``count_in_index`` (pages never show it).
    """
    if not pairs:
        return
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    if dialect != "sqlite":
        return
    rows = _rows(pairs)
    bind.execute(
        text("INSERT INTO search_trigram(search_trigram, rowid, body) VALUES ('delete', :id, :b)"),
        [{"id": cid, "b": body} for cid, body in rows],
    )
    bind.execute(
        text("INSERT INTO search_pairs(search_pairs, rowid, body) VALUES ('delete', :id, :b)"),
        [{"id": cid, "b": pair_document(body)} for cid, body in rows],
    )


def create_objects(conn: Connection) -> None:
    """Create the index's tables for this backend (used by the migration)."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE search_trigram USING fts5("
                "body, tokenize='trigram', content='', columnsize=0)"
            )
        )
        create_pairs(conn)
    else:
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        conn.execute(
            text(
                "CREATE TABLE search_docs ("
                "comment_id INTEGER PRIMARY KEY REFERENCES comments(id) ON DELETE CASCADE, "
                "body TEXT NOT NULL, grams TEXT[] NOT NULL)"
            )
        )


def create_pairs(conn: Connection) -> None:
    """SQLite: the index of one- and two-character terms (see the module's docstring)."""
    # Single trigrams are looked up, never phrases: document membership is all it stores.
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE search_pairs USING fts5("
            "body, tokenize='trigram', content='', columnsize=0, detail='none')"
        )
    )


def create_pg_indexes(conn: Connection) -> None:
    """The GIN indexes (built after the backfill, which is much faster than maintaining them)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("CREATE INDEX search_docs_grams ON search_docs USING gin (grams)"))
        conn.execute(
            text("CREATE INDEX search_docs_body_trgm ON search_docs USING gin (body gin_trgm_ops)")
        )
        conn.execute(text("ANALYZE search_docs"))


def drop_objects(conn: Connection) -> None:
    """Remove the index (migration downgrade)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("DROP TABLE IF EXISTS search_trigram"))
        conn.execute(text("DROP TABLE IF EXISTS search_pairs"))
        conn.execute(text("DROP TABLE IF EXISTS search_grams"))  # made by builds before 0003
    else:
        conn.execute(text("DROP TABLE IF EXISTS search_docs"))


def insert_pairs(conn: Connection, ids: Sequence[int], folded: Sequence[str]) -> None:
    """SQLite: add the pair documents of comments (ids, folded texts) to search_pairs."""
    conn.exec_driver_sql(
        "INSERT INTO search_pairs(rowid, body) VALUES (?, ?)",
        list(zip(ids, map(pair_document, folded), strict=True)),
    )


def stored_texts(
    conn: Connection, *, batch: int = BACKFILL_BATCH
) -> Iterable[list[tuple[int, str]]]:
    """Every stored comment as (id, text), in id order, batch rows at a time."""
    last = 0
    while True:
        rows = conn.execute(
            text("SELECT id, text FROM comments WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": batch},
        ).all()
        if not rows:
            return
        yield [(int(r[0]), str(r[1])) for r in rows]
        last = int(rows[-1][0])


def backfill(conn: Connection, *, batch: int = BACKFILL_BATCH) -> int:
    """Index every stored comment (a workspace created before the index existed)."""
    done = 0
    for rows in stored_texts(conn, batch=batch):
        index_comments(conn, rows)
        done += len(rows)
    return done


def backfill_pairs(conn: Connection, *, batch: int = BACKFILL_BATCH) -> int:
    """SQLite: fill search_pairs alone from the stored comments (migration 0003)."""
    done = 0
    for rows in stored_texts(conn, batch=batch):
        insert_pairs(conn, [cid for cid, _ in rows], [search_text(body) for _, body in rows])
        done += len(rows)
    return done


def rebuild(conn: Connection) -> int:
    """Empty the index and fill it again from the comments (repair after a restore)."""
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO search_trigram(search_trigram) VALUES ('delete-all')"))
        conn.execute(text("INSERT INTO search_pairs(search_pairs) VALUES ('delete-all')"))
    else:
        conn.execute(text("DELETE FROM search_docs"))
    return backfill(conn)


def rowid_chunk(
    session: Session, query: str, *, before: int | None, descending: bool, limit: int
) -> tuple[Select[Any], int, int | None, ColumnElement[bool] | None]:
    """SQLite: the next `limit` matching ids in id order past `before`, from one index.

    Returns a select of those ids (column ``rid``), how many there are, the last one, and the
    condition the query's other terms still impose (or None): for walking the matches of a
    common word newest-first without collecting all of them.
    """
    parsed = split_query(query)
    if parsed.long_terms:
        fts, name, expr = _trigram, "search_trigram", _long_match(parsed)
    else:
        fts, name, expr = _pairs, "search_pairs", _short_match(parsed)
    rowid = fts.c.rowid
    chunk = select(rowid.label("rid")).where(literal_column(name).op("MATCH")(expr))
    if before is not None:
        chunk = chunk.where(rowid < before if descending else rowid > before)
    chunk = chunk.order_by(rowid.desc() if descending else rowid.asc()).limit(limit)
    inner = chunk.subquery()
    edge_fn = func.min if descending else func.max
    count, edge = session.execute(select(func.count(), edge_fn(inner.c.rid))).one()
    rest: ColumnElement[bool] | None = None
    if parsed.long_terms and parsed.short_terms:
        rest = literal_column("comments.id").in_(_pairs_matching(parsed))
    return chunk, int(count), int(edge) if edge is not None else None, rest
