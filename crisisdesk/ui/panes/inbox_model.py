"""The inbox's table model: keyset pages of comment ids for a filter and sort, rows built on demand.

Like Anki's browser model it holds ids only, and builds the few rows on screen from a bounded
cache. The ids come a page at a time, downwards as the view scrolls (fetchMore), or, after a
jump to the end, from the bottom upwards: the list never has to be read whole.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from crisisdesk.domain import Changes
from crisisdesk.services.inbox_values import InboxFilter, InboxRow, Sort
from crisisdesk.ui import labels
from crisisdesk.ui.ops import report_error, run_op

if TYPE_CHECKING:
    from crisisdesk.services.inbox import Inbox

Index = QModelIndex | QPersistentModelIndex

(
    COL_TIME,
    COL_ACCOUNT,
    COL_AUTHOR,
    COL_TEXT,
    COL_SENTIMENT,
    COL_INTENT,
    COL_WATCH,
    COL_WAVE,
    COL_STATUS,
    COL_ASSIGNEE,
    COL_DUE,
) = range(11)
COLUMN_COUNT = 11

OVERDUE_COLOR = QColor("#c81e1e")
SOON_COLOR = QColor("#b45309")
NEGATIVE_COLOR = QColor("#b91c1c")
URGENT_COLOR = QColor("#9a3412")  # colour, not bold: a bold CJK face is a second font to load
SOON_SECONDS = 3600  # due within the hour: amber


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("InboxModel", "时间"),
        QCoreApplication.translate("InboxModel", "平台/账号"),
        QCoreApplication.translate("InboxModel", "作者"),
        QCoreApplication.translate("InboxModel", "内容"),
        QCoreApplication.translate("InboxModel", "情感"),
        QCoreApplication.translate("InboxModel", "意图"),
        QCoreApplication.translate("InboxModel", "关注词"),
        QCoreApplication.translate("InboxModel", "波次"),
        QCoreApplication.translate("InboxModel", "状态"),
        QCoreApplication.translate("InboxModel", "承办人"),
        QCoreApplication.translate("InboxModel", "剩余时限"),
    )


def time_left_text(seconds: float | None) -> str:
    """ "剩 1 小时 20 分" / "超时 3 小时" for a countdown in seconds (empty when closed)."""
    if seconds is None:
        return ""
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        span = QCoreApplication.translate("InboxModel", "{d} 天 {h} 小时").format(d=days, h=hours)
    elif hours:
        span = QCoreApplication.translate("InboxModel", "{h} 小时 {m} 分").format(h=hours, m=mins)
    else:
        span = QCoreApplication.translate("InboxModel", "{m} 分钟").format(m=mins)
    if seconds < 0:
        return QCoreApplication.translate("InboxModel", "超时 {span}").format(span=span)
    return QCoreApplication.translate("InboxModel", "剩 {span}").format(span=span)


def seconds_left(row: InboxRow, now: datetime) -> float | None:
    """The countdown now (not when the row was read): None once the comment is closed."""
    if row.seconds_left is None or row.due_at is None:
        return None
    return (row.due_at - now).total_seconds()


def assignee_text(row: InboxRow) -> str:
    """Who the comment is with: an operator, a role, or both."""
    parts = []
    if row.assignee_name:
        parts.append(row.assignee_name)
    if row.assignee_role:
        parts.append(labels.role(row.assignee_role))
    return " / ".join(parts)


class InboxModel(QAbstractTableModel):
    """Ids of one filter and sort, paged from either end; rows built for what is on screen."""

    PAGE_SIZE = 200
    CACHE_SIZE = 2000  # rows kept built; a screenful is ~40, so scrolling back is instant
    ROW_WINDOW = (
        100  # rows built per cache miss: the view asks cell by cell, the database likes batches
    )

    first_page_loaded = Signal()
    page_loaded = Signal()

    def __init__(self, inbox: Inbox | None, parent: Any = None) -> None:
        """A model over the inbox service; None for a start-up preview fed by show_rows()."""
        super().__init__(parent)
        self._inbox = inbox
        self.filter = InboxFilter()
        self.sort_order = Sort.NEWEST
        self._ids: list[int] = []
        self._row_of: dict[int, int] = {}
        self._below: str | None = None  # cursor of the page under the last row (None: the end)
        self._above: str | None = None  # backward cursor above the first row (None: the top)
        self._loaded = False
        self._fetching = False
        self._generation = 0  # results of an op started before a reload are dropped
        self._cache: OrderedDict[int, InboxRow] = OrderedDict()
        self._now = datetime.now(UTC)
        self.row_loads = 0  # how many row batches were read (tests, benchmark)

    @property
    def inbox(self) -> Inbox:
        """The inbox service (a preview model has none and never asks)."""
        assert self._inbox is not None, "a preview model reads nothing"
        return self._inbox

    # --- loading ----------------------------------------------------------------------------

    def show_rows(self, rows: list[InboxRow]) -> None:
        """Show rows read at start-up until the first page arrives (nothing further is fetched)."""
        self.beginResetModel()
        self._ids = [row.id for row in rows]
        self._reindex()
        self._cache.clear()
        self._remember(rows)
        self.endResetModel()

    def set_query(self, flt: InboxFilter, sort: Sort) -> None:
        """Show another filter or order, from the top."""
        self.filter, self.sort_order = flt, sort
        self.reload()

    def reload(self, *, from_end: bool = False) -> None:
        """Load the first page (or, from_end, the last one) from scratch."""
        self._generation += 1
        generation = self._generation
        self._fetching = True
        flt, sort = self.filter, self.sort_order

        def work() -> tuple[list[int], str | None, list[InboxRow]]:
            ids, cursor = self.inbox.page_ids(flt, sort, limit=self.PAGE_SIZE, backward=from_end)
            shown = ids[-self.ROW_WINDOW :] if from_end else ids[: self.ROW_WINDOW]
            return ids, cursor, self.inbox.rows(shown)

        run_op(
            work,
            on_done=lambda result: self._on_first_page(generation, from_end, result),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def jump_to_end(self) -> None:
        """Show the last page of the list without reading what lies between."""
        if self._loaded and self._below is None:
            self.first_page_loaded.emit()  # the end is already here
            return
        self.reload(from_end=True)

    def _on_first_page(
        self, generation: int, from_end: bool, result: tuple[list[int], str | None, list[InboxRow]]
    ) -> None:
        if generation != self._generation:
            return
        ids, cursor, rows = result
        self.beginResetModel()
        self._ids = list(ids)
        self._reindex()
        self._cache.clear()
        self._remember(rows)
        self._below, self._above = (None, cursor) if from_end else (cursor, None)
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

    def at_top(self) -> bool:
        """Whether the first row shown is the first of the list."""
        return self._above is None

    def at_end(self) -> bool:
        """Whether the last row shown is the last of the list."""
        return self._below is None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._loaded and not self._fetching and self._below is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetch(self._below, backward=False)

    def fetch_above(self) -> None:
        """After a jump to the end: the page above the first row (the view scrolled to the top)."""
        if self._loaded and not self._fetching and self._above is not None:
            self._fetch(self._above, backward=True)

    def _fetch(self, cursor: str | None, *, backward: bool) -> None:
        self._fetching = True
        generation, flt, sort = self._generation, self.filter, self.sort_order
        run_op(
            lambda: self.inbox.page_ids(
                flt, sort, after=cursor, limit=self.PAGE_SIZE, backward=backward
            ),
            on_done=lambda page: self._on_page(generation, backward, page),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def _on_page(self, generation: int, backward: bool, page: tuple[list[int], str | None]) -> None:
        if generation != self._generation:
            return
        ids, cursor = page
        self._fetching = False
        fresh = [i for i in ids if i not in self._row_of]
        if backward:
            self._above = cursor
            if fresh:
                self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
                self._ids[0:0] = fresh
                self._reindex()
                self.endInsertRows()
        else:
            self._below = cursor
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
        """Changed comments are re-read where shown; new ones appear on top of a newest-first list."""
        self._forget(changes.comment_ids)
        if not changes.comments or not self._loaded:
            return
        if not changes.comment_ids:
            # A change without ids (a sync burst, a big bulk action): re-read whatever is shown.
            self._cache.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COL_DUE))
        if self.sort_order is Sort.NEWEST and self.at_top():
            self._load_newer()

    def _forget(self, ids: tuple[int, ...]) -> None:
        for comment_id in ids:
            self._cache.pop(comment_id, None)
            row = self._row_of.get(comment_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COL_DUE))

    def _load_newer(self) -> None:
        generation, flt, sort = self._generation, self.filter, self.sort_order
        run_op(
            lambda: self.inbox.page_ids(flt, sort, limit=self.PAGE_SIZE)[0],
            on_done=lambda ids: self._on_newer(generation, ids),
            on_error=lambda exc: self._on_fetch_error(generation, exc),
            parent=self,
        )

    def _on_newer(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation:
            return
        fresh: list[int] = []
        for comment_id in ids:
            if comment_id in self._row_of:
                break  # everything below is already shown
            fresh.append(comment_id)
        if fresh:
            self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
            self._ids[0:0] = fresh
            self._reindex()
            self.endInsertRows()

    def refresh_countdowns(self, now: datetime | None = None) -> None:
        """Move the clock of the time-left column; nothing is read from the database."""
        self._now = now or datetime.now(UTC)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, COL_DUE),
                self.index(len(self._ids) - 1, COL_DUE),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole],
            )

    def now(self) -> datetime:
        """The model's clock (moved by refresh_countdowns)."""
        return self._now

    # --- rows -------------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._row_of = {comment_id: row for row, comment_id in enumerate(self._ids)}

    def _remember(self, rows: list[InboxRow]) -> None:
        for row in rows:
            self._cache[row.id] = row
            self._cache.move_to_end(row.id)
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)

    def comment_id(self, row: int) -> int:
        """The comment id shown on a row."""
        return self._ids[row]

    def row_of(self, comment_id: int) -> int | None:
        """The row showing a comment, if loaded."""
        return self._row_of.get(comment_id)

    def loaded_ids(self) -> int:
        """How many ids the model holds."""
        return len(self._ids)

    def cached_rows(self) -> int:
        """How many rows are built (tests: the cache stays bounded)."""
        return len(self._cache)

    def row_for(self, row: int) -> InboxRow | None:
        """The built row (from the cache, or read with its neighbours); None if deleted."""
        comment_id = self._ids[row]
        cached = self._cache.get(comment_id)
        if cached is not None:
            self._cache.move_to_end(comment_id)
            return cached
        # A bounded primary-key lookup (~100 rows, a few ms), as Anki's browser does on demand.
        start = max(0, row - self.ROW_WINDOW // 4)
        window = [i for i in self._ids[start : start + self.ROW_WINDOW] if i not in self._cache]
        self.row_loads += 1
        self._remember(self.inbox.rows(window))
        return self._cache.get(comment_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        row = self.row_for(index.row())
        if row is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TEXT:
                return labels.plain_tooltip(row.text)
            if column == COL_AUTHOR:
                return labels.plain_tooltip(row.author_name)
            if column == COL_WATCH and row.watch_words:
                return labels.plain_tooltip(labels.listed(row.watch_words))
            return None
        return self._display(row, column)

    def _color(self, row: InboxRow, column: int) -> QColor | None:
        # Plain QColors (the view accepts them for ForegroundRole): no brush built per cell.
        # Overdue is red, due within the hour amber.
        if column == COL_DUE:
            left = seconds_left(row, self._now)
            if left is not None and left < 0:
                return OVERDUE_COLOR
            if left is not None and left < SOON_SECONDS:
                return SOON_COLOR
        if column == COL_SENTIMENT and row.sentiment == "negative":
            return NEGATIVE_COLOR
        if column == COL_WATCH and row.watch_words:
            return OVERDUE_COLOR
        if column == COL_TEXT and row.priority >= 2:
            return URGENT_COLOR
        return None

    def _display(self, row: InboxRow, column: int) -> str:
        if column == COL_TIME:
            return labels.when_short(row.created_at)
        if column == COL_ACCOUNT:
            return f"{labels.platform(row.platform)} · {labels.single_line(row.account_name, 60)}"
        if column == COL_AUTHOR:
            return labels.single_line(row.author_name, 60)
        if column == COL_TEXT:
            marks = "".join("#" + t + " " for t in row.tags[:2])
            return marks + labels.single_line(row.text)
        if column == COL_SENTIMENT:
            return labels.sentiment(row.sentiment)
        if column == COL_INTENT:
            return labels.intent(row.intent)
        if column == COL_WATCH:
            return labels.single_line(labels.listed(row.watch_words), 40)
        if column == COL_WAVE:
            return str(row.wave_size) if row.wave_id is not None and row.wave_size > 1 else ""
        if column == COL_STATUS:
            return labels.comment_status(row.status)
        if column == COL_ASSIGNEE:
            return assignee_text(row)
        return time_left_text(seconds_left(row, self._now))
