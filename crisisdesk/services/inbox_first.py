"""The inbox's first rows for the start-up window, read before SQLAlchemy is loaded."""

from __future__ import annotations

from datetime import UTC, datetime

from crisisdesk.services.inbox_values import InboxRow, inbox_row
from crisisdesk.storage.locate import sqlite_file
from crisisdesk.storage.quickread import newest_comments


def first_rows(url: str, limit: int = 200, *, now: datetime | None = None) -> list[InboxRow] | None:
    """The newest comments of a SQLite workspace, as the inbox shows them unfiltered.

    None when the workspace is not a current SQLite file that can simply be read: start-up then
    opens it the ordinary way first.
    """
    path = sqlite_file(url)
    if path is None:
        return None
    found = newest_comments(path, limit)
    if found is None:
        return None
    now = now or datetime.now(UTC)
    return [
        inbox_row(
            r, watch_words=found.watch_words.get(r[0], ()), tags=found.tags.get(r[0], ()), now=now
        )
        for r in found.rows
    ]
