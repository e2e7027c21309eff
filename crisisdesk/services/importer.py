"""Importing comment spreadsheets exported from the platforms' dashboards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import select

from crisisdesk.connectors.base import RemoteComment, RemotePost
from crisisdesk.connectors.fileimport import BadRow, ColumnMapping, iter_rows
from crisisdesk.domain import Changes, Platform
from crisisdesk.services.events import BUS
from crisisdesk.services.ingest import Ingestor, ensure_account
from crisisdesk.storage.audit import append_event
from crisisdesk.storage.db import Database
from crisisdesk.storage.schema import Account

DEFAULT_IMPORT_ACCOUNT = "文件导入"
CHUNK = 5000

Progress = Callable[[int], None]


@dataclass
class ImportSummary:
    """What an import stored and what it could not read."""

    read: int = 0
    added: int = 0
    already_there: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)


def parse_mapping(text: str) -> ColumnMapping:
    """`text=评论内容,created_at=评论时间` -> a ColumnMapping."""
    columns: dict[str, str] = {}
    for part in text.split(","):
        key, sep, header = part.partition("=")
        if sep and key.strip() and header.strip():
            columns[key.strip()] = header.strip()
    return ColumnMapping(columns)


def _chunks(items: Iterator[RemoteComment | BadRow], size: int) -> Iterator[list[RemoteComment | BadRow]]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk


def import_file(
    db: Database,
    path: Path,
    *,
    account_name: str | None = None,
    mapping: ColumnMapping | None = None,
    actor: str,
    ingestor: Ingestor | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a CSV/XLSX/JSON export into an account; re-importing the same file adds nothing."""
    name = account_name or DEFAULT_IMPORT_ACCOUNT
    with db.session() as session:
        account = session.execute(select(Account).where(Account.name == name)).scalar_one_or_none()
        if account is None:
            account = ensure_account(session, platform=Platform.FILE, name=name)
        account_id = account.id
    ingestor = ingestor or Ingestor(db)
    summary = ImportSummary()
    for chunk in _chunks(iter_rows(path, mapping), CHUNK):
        comments = [c for c in chunk if isinstance(c, RemoteComment)]
        summary.bad_rows.extend(b for b in chunk if isinstance(b, BadRow))
        summary.read += len(chunk)
        posts = {
            c.post_external_id: RemotePost(
                c.post_external_id, (c.post_title or c.post_external_id)[:40],
                c.post_title or "", None, None,
            )
            for c in comments
            if c.post_external_id
        }
        result = ingestor.ingest(account_id, comments, posts=list(posts.values()))
        summary.added += len(result.new_ids)
        summary.already_there += result.skipped
        if progress is not None:
            progress(summary.read)
    with db.session() as session:
        append_event(
            session,
            actor=actor,
            action="comments.import",
            entity_type="account",
            entity_id=account_id,
            details={
                "file": path.name,
                "added": summary.added,
                "already_there": summary.already_there,
                "bad_rows": len(summary.bad_rows),
            },
        )
    BUS.emit(Changes(comments=True, trends=True, accounts=True))
    return summary
