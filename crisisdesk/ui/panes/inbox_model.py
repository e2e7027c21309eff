"""The inbox's table model: keyset pages of comment ids, rows built on demand from a small cache."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crisisdesk.domain import Changes
from crisisdesk.services import views
from crisisdesk.services.views import IdPage, InboxKey, InboxRow
from crisisdesk.storage.db import Database
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op

Index = QModelIndex | QPersistentModelIndex

# Columns, in order; headers are translated in headerData.
COL_TIME, COL_ACCOUNT, COL_AUTHOR, COL_TEXT, COL_SENTIMENT, COL_INTENT, COL_STATUS = range(7)


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("InboxModel", "时间"),
        QCoreApplication.translate("InboxModel", "平台/账号"),
        QCoreApplication.translate("InboxModel", "作者"),
        QCoreApplication.translate("InboxModel", "内容"),
        QCoreApplication.translate("InboxModel", "情感"),
        QCoreApplication.translate("InboxModel", "意图"),
        QCoreApplication.translate("InboxModel", "状态"),
    )


class InboxModel(QAbstractTableModel):
    """Holds only ids in inbox order (newest first); fetches pages as the view scrolls."""

    PAGE_SIZE = 200
    CACHE_SIZE = 2000  # rows kept built; a screenful is ~40, so scrolling back is instant
    ROW_WINDOW = (
        100  # rows built per cache miss: the view asks row by row, the database likes batches
    )

    first_page_loaded = Signal()
    page_loaded = Signal()

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._top_key: InboxKey | None = None
        self._next_key: InboxKey | None = None
        self._loaded = False
        self._fetching = False
        self._generation = 0  # results of an op started before a reload are dropped
        self._cache: OrderedDict[int, InboxRow] = OrderedDict()

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the first page from scratch (used once at start and after a workspace switch)."""
        self._generation += 1
        generation = self._generation
        self._fetching = True
        run_op(
            lambda: self._first_page(),
            on_done=lambda result: self._on_first_page(generation, result),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def _first_page(self) -> tuple[IdPage, dict[int, InboxRow]]:
        page = views.inbox_id_page(self._db, after=None, limit=self.PAGE_SIZE)
        return page, views.inbox_rows(self._db, page.ids[: self.ROW_WINDOW])

    def _on_first_page(self, generation: int, result: tuple[IdPage, dict[int, InboxRow]]) -> None:
        if generation != self._generation:
            return
        page, rows = result
        self.beginResetModel()
        self._ids = list(page.ids)
        self._reindex()
        self._cache.clear()
        self._remember(rows)
        self._top_key = page.first_key
        self._next_key = page.next_key
        self._fetching = False
        self._loaded = True
        self.endResetModel()
        self.first_page_loaded.emit()

    def _on_fetch_error(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
        report_error(exc)

    def is_loaded(self) -> bool:
        """Whether the first page has arrived."""
        return self._loaded

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._loaded and not self._fetching and self._next_key is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        after, generation = self._next_key, self._generation
        run_op(
            lambda: views.inbox_id_page(self._db, after=after, limit=self.PAGE_SIZE),
            on_done=lambda page: self._on_next_page(generation, page),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def _on_next_page(self, generation: int, page: IdPage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._next_key = page.next_key
        fresh = [i for i in page.ids if i not in self._row_of]
        if fresh:
            start = len(self._ids)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            for offset, comment_id in enumerate(fresh):
                self._row_of[comment_id] = start + offset
            self._ids.extend(fresh)
            self.endInsertRows()
        self.page_loaded.emit()

    # --- reacting to changes ----------------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """New comments go on top; changed comments are rebuilt where they are shown."""
        for comment_id in changes.comment_ids:
            self._cache.pop(comment_id, None)
            row = self._row_of.get(comment_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COL_STATUS))
        if not changes.comments:
            return
        if not self._loaded or self._top_key is None:
            self.reload()
            return
        # Without ids we cannot tell which loaded rows changed: rebuild the visible ones lazily.
        if not changes.comment_ids and self._ids:
            self._cache.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COL_STATUS))
        top, generation = self._top_key, self._generation
        run_op(
            lambda: views.inbox_newer(self._db, than=top),
            on_done=lambda page: self._on_newer(generation, page),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def _on_newer(self, generation: int, page: IdPage) -> None:
        if generation != self._generation or not page.ids:
            return
        fresh = [i for i in page.ids if i not in self._row_of]
        if fresh:
            self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
            self._ids[0:0] = fresh
            self._reindex()
            self.endInsertRows()
        self._top_key = page.first_key

    # --- rows -------------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._row_of = {comment_id: row for row, comment_id in enumerate(self._ids)}

    def _remember(self, rows: dict[int, InboxRow]) -> None:
        for comment_id, row in rows.items():
            self._cache[comment_id] = row
            self._cache.move_to_end(comment_id)
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)

    def comment_id(self, row: int) -> int:
        """The comment id shown on a row."""
        return self._ids[row]

    def loaded_ids(self) -> int:
        """How many ids the model holds (tests and the count label)."""
        return len(self._ids)

    def row_for(self, row: int) -> InboxRow | None:
        """The built row (from the cache, or loaded with its neighbours); None if deleted."""
        comment_id = self._ids[row]
        cached = self._cache.get(comment_id)
        if cached is not None:
            self._cache.move_to_end(comment_id)
            return cached
        # A bounded primary-key lookup (~100 rows, a few ms), as Anki's browser does on demand.
        start = max(0, row - self.ROW_WINDOW // 4)
        window = [i for i in self._ids[start : start + self.ROW_WINDOW] if i not in self._cache]
        self._remember(views.inbox_rows(self._db, window))
        return self._cache.get(comment_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.row_for(index.row())
        if row is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT:
                return labels.plain_tooltip(row.text)
            if column == COL_AUTHOR:
                return labels.plain_tooltip(row.author_name)
            return None
        return self._display(row, column)

    @staticmethod
    def _display(row: InboxRow, column: int) -> str:
        if column == COL_TIME:
            return labels.when(row.created_at)
        if column == COL_ACCOUNT:
            return f"{labels.platform(row.platform)} · {labels.single_line(row.account_name, 60)}"
        if column == COL_AUTHOR:
            return labels.single_line(row.author_name, 60)
        if column == COL_TEXT:
            return labels.single_line(row.text)
        if column == COL_SENTIMENT:
            return labels.sentiment(row.sentiment)
        if column == COL_INTENT:
            return labels.intent(row.intent)
        return labels.comment_status(row.status)
