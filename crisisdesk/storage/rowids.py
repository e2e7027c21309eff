"""Which ids a multi-row SQLite INSERT gave its rows, without asking row by row."""

from __future__ import annotations

from sqlalchemy import Connection

# SQLite's largest rowid; past it, new rows get random free rowids instead of max + 1.
_MAX_ROWID = 2**63 - 1


def rowids_follow_order(conn: Connection, table: str, n: int) -> bool:
    """Whether n rows inserted now into table get the ids max(id)+1, +2, ... in row order.

    SQLite documents that a new row's rowid is one larger than the largest in the table
    unless that largest is the largest possible, and the rows of one INSERT go in in order
    under this transaction's write lock. So RETURNING's ids, sorted, are the rows' ids in
    order. `table` is one of our own table names, never user input.
    """
    top = conn.exec_driver_sql(f"SELECT max(rowid) FROM {table}").scalar()
    return (int(top) if top is not None else 0) + n <= _MAX_ROWID
